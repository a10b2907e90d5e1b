#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 30) on its corpus (seeded from the project's fixtures
# and, when present, ../shared/corpus); findings go to Fuzz/findings/<target>/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${FUZZ_SECONDS:-30}
TARGETS=${FUZZ_TARGETS:-"FuzzManifest FuzzGeoJSON FuzzOMEXML FuzzTIFF FuzzToolFormats FuzzZip"}
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld >/dev/null
shared=../../shared/corpus
seed() {  # seed TARGET FILE...
  mkdir -p "corpus/$1"
  shift_target=$1; shift
  for file in "$@"; do [ -f "$file" ] && cp -n "$file" "corpus/$shift_target/" 2>/dev/null || true; done
}
seed FuzzManifest ../Fixtures/demo/annota.yaml ../Specs/annota/0.1/examples/*
seed FuzzGeoJSON ../Fixtures/demo/shapes/*.geojson
seed FuzzOMEXML $shared/ome-xml/* 2>/dev/null || true
seed FuzzTIFF ../Fixtures/demo/images/cells_01.tif ../Fixtures/demo/masks/cells_01_mask.tif $shared/malformed/tiff/* 2>/dev/null || true
seed FuzzToolFormats $shared/cvat/* $shared/pascal-voc/* $shared/coco/*.json $shared/cellcounter/* 2>/dev/null || true
seed FuzzZip
failed=0
for target in $TARGETS; do
  mkdir -p "findings/$target"
  echo "== $target: ${SECONDS_EACH}s"
  if ! LSAN_OPTIONS=suppressions=$PWD/lsan.supp ".build/release/$target" "corpus/$target" \
      -max_total_time="$SECONDS_EACH" -max_len=1048576 -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="findings/$target/" -print_final_stats=1 2>"findings/$target/log.txt"; then
    failed=1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "findings/$target/log.txt" | tr '\n' ' '; echo
  if ls "findings/$target"/crash-* "findings/$target"/leak-* "findings/$target"/timeout-* "findings/$target"/oom-* >/dev/null 2>&1; then
    echo "   FINDING: see findings/$target/"; failed=1
  fi
done
exit $failed

#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 30) on its corpus (seeded from the project's fixtures
# and, when present, ../shared/corpus); findings go to Fuzz/findings/<target>/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${FUZZ_SECONDS:-30}
# Every target folder (the two support libraries are not targets): a new fuzz target runs without a line here.
ALL=$(cd Sources && ls -d Fuzz* | grep -v -e FuzzSupport -e FuzzToolSupport | tr '\n' ' ')
TARGETS=${FUZZ_TARGETS:-$ALL}
mkdir -p .build
echo "== building the fuzz targets (release, -sanitize=fuzzer,address)"
if ! swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
    >.build/fuzz-build.log 2>&1; then
  tail -30 .build/fuzz-build.log; exit 1
fi
shared=../../shared/corpus
seed() {  # seed TARGET FILE...
  mkdir -p "corpus/$1"
  shift_target=$1; shift
  for file in "$@"; do [ -f "$file" ] && cp -n "$file" "corpus/$shift_target/" 2>/dev/null || true; done
}
seed FuzzManifest ../Fixtures/demo/annota.yaml ../Specs/annota/0.2/examples/*
seed FuzzGeoJSON ../Fixtures/demo/shapes/*.geojson
seed FuzzOMEXML $shared/ome-xml/* 2>/dev/null || true
seed FuzzTIFF ../Fixtures/demo/images/cells_01.tif ../Fixtures/demo/masks/cells_01_mask.tif $shared/malformed/tiff/* 2>/dev/null || true
seed FuzzRaster ../Fixtures/demo/images/*.png
# An 8 × 8 grey JPEG written by libjpeg-turbo (tjCompress2, quality 75), for the JPEG side.
[ -f corpus/FuzzRaster/gray8.jpg ] || ! command -v python3 >/dev/null || python3 -c \
  'import sys; open(sys.argv[1], "wb").write(bytes.fromhex(sys.argv[2]))' corpus/FuzzRaster/gray8.jpg \
  ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080008000801011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f006d9fc1fe9fe8dff8ed7fffd9
seed FuzzCVAT $shared/cvat/*
seed FuzzVOC $shared/pascal-voc/*
seed FuzzCellCounter $shared/cellcounter/*
seed FuzzTrackMate $shared/trackmate/*
seed FuzzCOCO $shared/coco/*.json
seed FuzzLabelMe $shared/labelme/*.json
seed FuzzRLE
# Cellpose _seg.npy files and YOLO label rows, written by NumPy when Python has it.
mkdir -p corpus/FuzzNPY corpus/FuzzYOLOLabels
[ -f corpus/FuzzNPY/seed_seg.npy ] || ! python3 -c 'import numpy' 2>/dev/null || python3 -c '
import numpy as np, sys
m = np.zeros((12, 16), np.uint16); m[2:6, 3:9] = 1; m[7:11, 8:14] = 2
np.save(sys.argv[1], {"masks": m, "outlines": m, "filename": "a.tif", "diameter": np.float64(9.0)}, allow_pickle=True)
' corpus/FuzzNPY/seed_seg.npy
seed FuzzDeepLabCut $shared/deeplabcut/*/labeled-data/*/CollectedData_*
mkdir -p corpus/FuzzYOLO corpus/FuzzNNUNet
[ -f corpus/FuzzYOLO/data.yaml ] || printf 'path: .\ntrain: images/train\nval: images/val\nnames:\n  0: a\n  1: b\n' >corpus/FuzzYOLO/data.yaml
[ -f corpus/FuzzNNUNet/dataset.json ] || printf '{"channel_names": {"0": "x"}, "labels": {"background": 0, "a": 1, "r": [1]}, "numTraining": 1, "file_ending": ".png"}' \
  >corpus/FuzzNNUNet/dataset.json
[ -f corpus/FuzzYOLOLabels/detect.txt ] || printf '\0020 0.5 0.5 0.2 0.2\n1 0.1 0.2 0.3 0.4\n' >corpus/FuzzYOLOLabels/detect.txt
[ -f corpus/FuzzYOLOLabels/segment.txt ] || printf '\0030 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n' >corpus/FuzzYOLOLabels/segment.txt
mkdir -p corpus/FuzzFileList corpus/FuzzZip
[ -f corpus/FuzzFileList/seed.tsv ] || printf 'file_path\tsize\tdataset\ttype\tsource_image\nimages/a.tif\t10\td1\timage\t\nmasks/a.tif\t10\td1\tannotation\timages/a.tif\n' \
  >corpus/FuzzFileList/seed.tsv
[ -f corpus/FuzzFileList/biostudies.tsv ] || printf 'Files\tsource_image\nimages/a.tif\t\n"masks/a b.tif"\timages/a.tif\n' \
  >corpus/FuzzFileList/biostudies.tsv
# A tiny stored-zip bag, when Python is there to write it.
[ -f corpus/FuzzZip/bag.zip ] || ! command -v python3 >/dev/null || python3 - <<'PY'
import hashlib, zipfile
payload = b"pixels"
files = {
    "bag/bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    "bag/data/images/a.tif": payload,
    "bag/manifest-sha256.txt": f"{hashlib.sha256(payload).hexdigest()}  data/images/a.tif\n".encode(),
    "bag/bag-info.txt": b"Payload-Oxum: 6.1\n",
}
with zipfile.ZipFile("corpus/FuzzZip/bag.zip", "w", zipfile.ZIP_STORED) as bundle:
    for name, data in files.items():
        bundle.writestr(name, data)
PY
# Inputs that start with a byte picking the file's name: seed_with_prefix TARGET BYTE FILE...
seed_with_prefix() {
  mkdir -p "corpus/$1"
  local target=$1 prefix=$2; shift 2
  for file in "$@"; do
    [ -f "$file" ] || continue
    local copy="corpus/$target/$prefix-$(basename "$file")"
    [ -f "$copy" ] || { printf "\\$(printf '%03o' "$prefix")"; cat "$file"; } >"$copy"
  done
}
seed_with_prefix FuzzHDF5 0 $shared/hdf5/*/*.h5
seed_with_prefix FuzzHDF5 1 $shared/hdf5/*/*.ilp
# FuzzValidate's names: 0 CVAT, 1 VOC, 2 Cell Counter, 3 TrackMate, 4 COCO, 5 LabelMe, 6 file list,
# 7 HDF5, 8 zip.
seed_with_prefix FuzzValidate 0 $shared/cvat/catdog_app_cvat_annotations.xml
seed_with_prefix FuzzValidate 1 $shared/pascal-voc/datumaro_voc1_2007_000001.xml
seed_with_prefix FuzzValidate 2 $shared/cellcounter/brainglobe_cells_two_types.xml
seed_with_prefix FuzzValidate 3 $shared/trackmate/pytrackmate_FakeTracks.xml
seed_with_prefix FuzzValidate 4 $shared/coco/datumaro_instances_val.json
seed_with_prefix FuzzValidate 5 $shared/labelme/primitives.json
seed_with_prefix FuzzValidate 6 corpus/FuzzFileList/seed.tsv
seed_with_prefix FuzzValidate 7 $shared/hdf5/ilastik/2d3c_Binary_Segmentation.h5
seed_with_prefix FuzzValidate 8 corpus/FuzzZip/bag.zip
# The Swift runtime's backtracer would wait on a crashed target; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
# A huge allocation returns NULL, as glibc's malloc does in a release build, instead of being a report:
# libhdf5 asks for terabytes on damaged files and handles the NULL.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1}
failed=0
for target in $TARGETS; do
  mkdir -p "findings/$target"
  echo "== $target: ${SECONDS_EACH}s"
  # FuzzValidate runs on Swift concurrency, whose runtime keeps allocations between runs (see its
  # source): leak detection would scan after every input.
  leaks=1; [ "$target" = FuzzValidate ] && leaks=0
  if ! LSAN_OPTIONS=suppressions=$PWD/lsan.supp ".build/release/$target" "corpus/$target" -detect_leaks=$leaks \
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

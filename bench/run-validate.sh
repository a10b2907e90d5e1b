#!/usr/bin/env bash
# Validation benchmark: `annota validate` (release; reads every file once, hashes and decodes the same
# bytes, label statistics and instance connectivity for every mask) against the Python script a user
# would write (tifffile + numpy + hashlib, 1 and 2 processes) and against the machine's floor (reading
# and hashing the same files with `openssl dgst -sha256`, 2 processes), on the same generated dataset
# (2 000 images + 2 000 instance masks, 512x512 uint16, raw and deflate), in the same run. Peak memory
# on 2 000 and 20 000 pairs (the larger one hard-links the smaller one's files: same work per file).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${PAIRS:-2000}
BIG=${BIG_PAIRS:-20000}
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv tifffile numpy
swift build -c release --product annota >/dev/null
annota=.build/release/annota
for kind in raw deflate; do
  d=bench/data/validate-$kind-$N
  [ -f "$d/annota.yaml" ] || { echo "generating $d…"; $PY bench/make_validate_dataset.py "$d" $kind "$N"; }
  b=bench/data/validate-$kind-$BIG
  [ -f "$b/annota.yaml" ] || { echo "linking $b…"; $PY bench/make_validate_dataset.py "$b" $kind "$BIG" "$d"; }
done

# Same answers first: the dataset is clean for both (no error, no warning, nothing unchecked).
d=bench/data/validate-raw-$N
$annota validate --quiet --format json "$d" > bench/data/validate-check.json || true
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["summary"]; assert s["errors"]==0 and s["warnings"]==0 and s["could_not_check"]==0, s; print("annota:", s["files"], "files, no finding")' bench/data/validate-check.json
"$PY" bench/python_validate_pixels.py "$d" 2

floor() { find "$1" -name '*.tif' -print0 | xargs -0 -n 200 -P 2 openssl dgst -sha256 > /dev/null; }
export -f floor
printf '\n%-8s %-14s %9s %10s %9s %11s %10s\n' data tool seconds "MB/s" "MiB peak" "vs python-1" "vs floor"
for kind in raw deflate; do
  d=bench/data/validate-$kind-$N
  bytes=$(du -sbL "$d" | cut -f1)
  read -r ft fm < <(measure bash -c "floor $d")
  read -r pt pm < <(measure "$PY" bench/python_validate_pixels.py "$d" 1)
  for row in "floor-openssl:bash -c floor\ $d" "python-1:" "python-2:$PY bench/python_validate_pixels.py $d 2" \
             "annota-1:$annota validate --quiet --jobs 1 $d" "annota-2:$annota validate --quiet --jobs 2 $d"; do
    name=${row%%:*}; cmd=${row#*:}
    case $name in
      floor-openssl) t=$ft; m=$fm ;;
      python-1) t=$pt; m=$pm ;;
      *) read -r t m < <(measure $cmd) ;;
    esac
    printf '%-8s %-14s %9s %10.0f %9.1f %10.1fx %9.0f%%\n' "$kind" "$name" "$t" "$(echo "$bytes/$t/1000000" | bc -l)" \
      "$(echo "$m/1024" | bc -l)" "$(echo "$pt/$t" | bc -l)" "$(echo "100*$ft/$t" | bc -l)"
  done
done
# Memory must not grow with the number of files.
for kind in raw deflate; do
  read -r ts ms < <(measure "$annota" validate --quiet "bench/data/validate-$kind-$N")
  read -r tb mb < <(measure "$annota" validate --quiet "bench/data/validate-$kind-$BIG")
  printf '\n%s: annota validate peak memory %.1f MiB for %d pairs (%ss), %.1f MiB for %d pairs (%ss)\n' "$kind" \
    "$(echo "$ms/1024" | bc -l)" "$N" "$ts" "$(echo "$mb/1024" | bc -l)" "$BIG" "$tb"
done

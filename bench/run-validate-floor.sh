#!/usr/bin/env bash
# Validation against the machine's floor, as ../shared/bench/README.md defines it: the hash floor
# (openssl dgst -sha256, 2 processes) plus the decode floor (tiffinfo -D, 2 processes) over the same
# files, against `annota validate --jobs 2` (release), on the shared generator's medium set (2 000
# images + 2 000 instance masks, raw and deflate). Reports seconds and "% of floor" (floor / annota),
# median of RUNS after one warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N=${IMAGES:-2000}
source bench/lib.sh
ensure_venv tifffile numpy
command -v tiffinfo >/dev/null || { echo "needs tiffinfo (Debian: libtiff-tools)"; exit 2; }
swift build -c release --product annota >/dev/null
annota=.build/release/annota
generator=../shared/bench/gen_dataset.py
[ -d bench/data/medium-deflate ] || $PY "$generator" --name medium -n "$N" --variants raw,deflate --out bench/data
# The generator writes no manifest: describe the set (bench/describe_medium.py says why).
for kind in raw deflate; do
  [ -f "bench/data/medium-$kind/annota.yaml" ] || $PY bench/describe_medium.py "bench/data/medium-$kind" annota.yaml
done

hash_floor() { find "$1" -name '*.tif' -print0 | xargs -0 -n 250 -P 2 openssl dgst -sha256 >/dev/null; }
decode_floor() { find "$1" -name '*.tif' -print0 | xargs -0 -n 250 -P 2 tiffinfo -D >/dev/null 2>&1; }
export -f hash_floor decode_floor
printf '%-8s %10s %10s %10s %10s %10s\n' data hash decode floor annota "of floor"
for kind in raw deflate; do
  d=bench/data/medium-$kind
  hash_floor "$d"; decode_floor "$d"; "$annota" validate --quiet --jobs 2 "$d" >/dev/null || true  # warm-up
  read -r h _ < <(measure bash -c "hash_floor $d")
  read -r c _ < <(measure bash -c "decode_floor $d")
  read -r a m < <(measure "$annota" validate --quiet --jobs 2 "$d")
  f=$(echo "$h + $c" | bc -l)
  printf '%-8s %10s %10s %10.2f %10s %9.0f%%   (annota peak %d MiB)\n' "$kind" "$h" "$c" "$f" "$a" \
    "$(echo "100 * $f / $a" | bc -l)" $((m / 1024))
done

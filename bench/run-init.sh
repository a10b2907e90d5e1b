#!/usr/bin/env bash
# Folder scan: `annota init` (scan, classify by content, read every mask's pixels, pair, write the
# draft) on synthetic trees of 10 000 and 100 000 files; files per second and peak memory. The scan
# keeps one small record per file, so memory grows with the tree by that record, not by file sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv numpy tifffile
swift build -c release --product annota >/dev/null
annota=.build/release/annota
printf '\n%-12s %10s %10s %10s\n' files seconds "files/s" "MiB peak"
for n in 10000 100000; do
  tree=bench/data/tree-$n
  [ -d "$tree" ] || "$PY" bench/make_tree.py "$tree" "$n"
  rm -f "$tree/annota.yaml"
  read -r t m < <(RUNS=$RUNS measure bash -c "rm -f $tree/annota.yaml; $annota init $tree")
  printf '%-12s %10s %10.0f %10.1f\n' "$n" "$t" "$(echo "$n/$t" | bc -l)" "$(echo "$m/1024" | bc -l)"
done

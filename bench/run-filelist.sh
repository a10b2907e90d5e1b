#!/usr/bin/env bash
# BIA file-list check: `annota validate file_list.tsv` (release) streamed over generated RO-Crate file
# lists of 200 000 and 1 000 000 rows (half masks referencing their image). The BIA's own validator
# (bia-ro-crate-validator 0.3.1) needs Python >= 3.13 and the network, so it is not run here; its
# measured figure on a 200 000-row list is ~12.8 s and 239 MB (shared/reference/bia-mifa.md §c).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
source bench/lib.sh
swift build -c release --product annota >/dev/null
annota=.build/release/annota
printf '\n%-10s %9s %12s %10s\n' rows seconds "rows/s" "MiB peak"
for n in 200000 1000000; do
  list=bench/data/file_list-$n.tsv
  [ -f "$list" ] || python3 bench/make_file_list.py "$list" "$n"
  read -r t m < <(measure "$annota" validate --quiet "$list")
  printf '%-10s %9s %12.0f %10.1f\n' "$n" "$t" "$(echo "$n/$t" | bc -l)" "$(echo "$m/1024" | bc -l)"
done

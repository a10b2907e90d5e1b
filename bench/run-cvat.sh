#!/usr/bin/env bash
# Large CVAT conversion: `annota convert` of a generated ~100 MB CVAT 1.1 file (and of a quarter of it)
# to COCO, reporting time and peak memory against file size. The CVAT reader streams (one shape
# subtree at a time); the converted annotations are still held whole before writing, so memory grows
# with the output — a streaming writer is the open part of this benchmark's target.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${CVAT_IMAGES:-48000}
RUNS=${RUNS:-3}
source bench/lib.sh
swift build -c release --product annota >/dev/null
annota=.build/release/annota
mkdir -p bench/data
big=bench/data/cvat-$N.xml
small=bench/data/cvat-$((N / 4)).xml
[ -f "$big" ] || python3 bench/make_cvat.py "$big" "$N"
[ -f "$small" ] || python3 bench/make_cvat.py "$small" $((N / 4))
printf '\n%-22s %10s %10s %10s\n' file "MB" seconds "MiB peak"
for file in "$small" "$big"; do
  read -r t m < <(measure "$annota" convert "$file" --to coco bench/data/cvat-out.json)
  printf '%-22s %10.1f %10s %10.1f\n' "$(basename "$file")" "$(echo "$(stat -c %s "$file")/1048576" | bc -l)" "$t" "$(echo "$m/1024" | bc -l)"
done

#!/usr/bin/env bash
# Large CVAT conversion: `annota convert` of a generated ~100 MB CVAT 1.1 file (and of a quarter of it)
# to COCO and to GeoJSON, reporting time and peak memory against file size. The CVAT reader streams
# the file from disk (one shape subtree at a time) and both writers write image by image, so peak
# memory should not grow with the file: compare the two rows.
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
printf '\n%-22s %-8s %10s %10s %10s\n' file target "MB" seconds "MiB peak"
for target in coco geojson; do
  for file in "$small" "$big"; do
    rm -f bench/data/cvat-out.$target
    read -r t m < <(measure "$annota" convert "$file" --to "$target" bench/data/cvat-out.$target)
    printf '%-22s %-8s %10.1f %10s %10.1f\n' "$(basename "$file")" "$target" \
      "$(echo "$(stat -c %s "$file")/1048576" | bc -l)" "$t" "$(echo "$m/1024" | bc -l)"
  done
done
rm -f bench/data/cvat-out.*

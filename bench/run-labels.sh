#!/usr/bin/env bash
# Label-statistics benchmark: `annota inspect --format json` (release, 1 and 2 jobs) against the
# Python script a user would write (tifffile + numpy.unique + scipy.ndimage.find_objects, 1 and 2
# processes) on the same 512x512 uint16 masks, raw and deflate, in the same run. Also compares
# annota's peak memory on 10% of the files and on all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${MASKS:-2000}
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv tifffile numpy scipy
swift build -c release --product annota >/dev/null
annota=.build/release/annota
data=bench/data/masks-$N
[ -f "$data/deflate/mask_$(printf %05d $((N - 1))).tif" ] || { echo "generating $N masks…"; $PY bench/make_masks.py "$data" "$N"; }

# Same answers first: values, counts and boxes of one file from both tools.
check=$data/raw/mask_00000.tif
$annota inspect --format json "$check" | $PY -c '
import json, sys
a = json.loads(sys.stdin.readline())
print(json.dumps([[l["value"], l["pixels"], l["bbox"]] for l in a["labels"]]))' > bench/data/annota-check.json
$PY -c '
import json, sys; sys.path.insert(0, "bench")
from python_label_stats import stats
print(json.dumps([[l["value"], l["pixels"], l["bbox"]] for l in json.loads(stats(sys.argv[1]))["labels"]]))' "$check" > bench/data/python-check.json
cmp -s bench/data/annota-check.json bench/data/python-check.json && echo "answers: identical on $check" || { echo "answers differ"; exit 1; }

printf '\n%-8s %-22s %10s %12s %10s %10s\n' data tool seconds "files/s" "MiB peak" "vs python-1"
for kind in raw deflate; do
  folder=$data/$kind
  read -r pt pm < <(measure "$PY" bench/python_label_stats.py "$folder" 1)
  for row in "python-1:$PY bench/python_label_stats.py $folder 1" "python-2:$PY bench/python_label_stats.py $folder 2" \
             "annota-1:$annota inspect --format json --jobs 1 $folder" "annota-2:$annota inspect --format json --jobs 2 $folder"; do
    name=${row%%:*}; cmd=${row#*:}
    if [ "$name" = python-1 ]; then t=$pt; m=$pm; else read -r t m < <(measure $cmd); fi
    printf '%-8s %-22s %10s %12.0f %10.1f %9.1fx\n' "$kind" "$name" "$t" "$(echo "$N/$t" | bc -l)" "$(echo "$m/1024" | bc -l)" "$(echo "$pt/$t" | bc -l)"
  done
done
# Memory must not grow with the number of files.
few=bench/data/masks-few && mkdir -p "$few" && rm -f "$few"/*.tif
ls "$data/deflate" | sed -n "1,$((N / 10))p" | while read -r f; do ln -sf "$PWD/$data/deflate/$f" "$few/$f"; done
read -r _ mfew < <(measure "$annota" inspect --format json --jobs 2 "$few")
read -r _ mall < <(measure "$annota" inspect --format json --jobs 2 "$data/deflate")
printf '\nannota peak memory: %.1f MiB for %d files, %.1f MiB for %d files\n' "$(echo "$mfew/1024" | bc -l)" $((N / 10)) "$(echo "$mall/1024" | bc -l)" "$N"

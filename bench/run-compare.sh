#!/usr/bin/env bash
# Instance-matching benchmark: `annota compare` (release, --jobs 1 and 2) against the script a user
# would write (tifffile + stardist.matching.matching_dataset_lazy, 1 process) on the same 2 000 pairs
# of 512x512 uint16 instance masks: references from ../shared/bench/gen_dataset.py, candidates
# shifted by (1, 2) px with 5 labels dropped. One threshold and five. Then peak memory on a tenth of
# the pairs and on all of them (flat in the number of images).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${PAIRS:-2000}
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv numpy tifffile stardist==0.9.2
swift build -c release --product annota >/dev/null
annota=.build/release/annota
generator=../shared/bench/gen_dataset.py
data=bench/data
reference=$data/compare-$N-raw/masks
candidate=$data/compare-$N-candidates
if [ ! -f "$reference/img_$(printf %05d $((N - 1))).tif" ]; then
  echo "generating $N reference masks…"
  $PY "$generator" --name "compare-$N" -n "$N" --variants raw --out "$data" --force >/dev/null
fi
[ -f "$candidate/img_$(printf %05d $((N - 1))).tif" ] || { echo "writing candidates…"; $PY bench/make_compare_candidates.py "$reference" "$candidate"; }

# Same answers first: the pooled numbers of both tools on the first 200 pairs, to 1e-9.
few=$data/compare-few && rm -rf "$few" && mkdir -p "$few/r" "$few/c"
ls "$reference" | sed -n "1,$((N / 10))p" | while read -r f; do
  ln "$reference/$f" "$few/r/$f"; ln "$candidate/$f" "$few/c/$f"
done
$PY bench/python_compare.py "$few/r" "$few/c" 0.5,0.6,0.7,0.8,0.9 > $data/compare-python.json
$annota compare "$few/r" "$few/c" --thresholds 0.5:0.9:0.1 --format json --quiet > $data/compare-annota.json
$PY - $data/compare-annota.json $data/compare-python.json <<'PY'
import json, sys
annota = json.load(open(sys.argv[1]))["dataset"]["pooled"]
python = json.load(open(sys.argv[2]))
keys = ("tp", "fp", "fn", "n_true", "n_pred", "precision", "recall", "accuracy", "f1", "mean_true_score",
        "mean_matched_score", "panoptic_quality")
for a, p in zip(annota, python, strict=True):
    for k in keys:
        assert abs(a[k] - p[k]) <= 1e-9, (a["threshold"], k, a[k], p[k])
print(f"answers: equal to stardist on {len(annota)} thresholds (f1@0.5 = {annota[0]['f1']:.4f})")
PY

printf '\n%-12s %-14s %10s %12s %10s %10s\n' thresholds tool seconds "pairs/s" "MiB peak" "× python"
for thresholds in 0.5 0.5,0.6,0.7,0.8,0.9; do
  count=$(echo "$thresholds" | tr ',' '\n' | wc -l)
  read -r pt pm < <(measure "$PY" bench/python_compare.py "$reference" "$candidate" "$thresholds")
  printf '%-12s %-14s %10s %12.0f %10.1f %9.1fx\n' "$count" python-1 "$pt" "$(echo "$N/$pt" | bc -l)" "$(echo "$pm/1024" | bc -l)" 1
  for jobs in 1 2; do
    read -r t m < <(measure "$annota" compare "$reference" "$candidate" --thresholds "$thresholds" --jobs "$jobs" --format json --quiet)
    printf '%-12s %-14s %10s %12.0f %10.1f %9.1fx\n' "$count" "annota-$jobs" "$t" "$(echo "$N/$t" | bc -l)" "$(echo "$m/1024" | bc -l)" "$(echo "$pt/$t" | bc -l)"
  done
done
read -r _ mfew < <(measure "$annota" compare "$few/r" "$few/c" --jobs 2 --format json --quiet)
read -r _ mall < <(measure "$annota" compare "$reference" "$candidate" --jobs 2 --format json --quiet)
printf '\nannota peak memory: %.1f MiB for %d pairs, %.1f MiB for %d pairs\n' "$(echo "$mfew/1024" | bc -l)" $((N / 10)) "$(echo "$mall/1024" | bc -l)" "$N"

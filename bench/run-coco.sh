#!/usr/bin/env bash
# COCO detection benchmark: `annota compare GT.json DT.json` (release; reading both files, evaluating
# and summarising) against pycocotools' COCOeval on the same 5 000 images (the whole script, and its
# evaluate() + accumulate() alone), in the same run. The twelve numbers must be equal first.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${IMAGES:-5000}
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv numpy pycocotools==2.0.11
swift build -c release --product annota >/dev/null
annota=.build/release/annota
data=bench/data/coco-$N
[ -f "$data/dt.json" ] || { echo "generating $N images of boxes…"; $PY bench/make_coco_eval.py "$data" "$N"; }
echo "data: $(du -h "$data/gt.json" | cut -f1) ground truth, $(du -h "$data/dt.json" | cut -f1) detections"

$PY bench/python_cocoeval.py "$data/gt.json" "$data/dt.json" > bench/data/coco-python.json 2> bench/data/coco-python.time
$annota compare "$data/gt.json" "$data/dt.json" --format json > bench/data/coco-annota.json
$PY - bench/data/coco-annota.json bench/data/coco-python.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["dataset"]["detection"]
mine = [d[k] for k in ("ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100",
                       "ar_small", "ar_medium", "ar_large")]
theirs = json.load(open(sys.argv[2]))
assert all(abs(a - b) <= 1e-12 for a, b in zip(mine, theirs, strict=True)), (mine, theirs)
print(f"answers: the twelve numbers equal pycocotools' (AP {mine[0]:.4f}, AP50 {mine[1]:.4f})")
PY

read -r pt pm < <(measure "$PY" bench/python_cocoeval.py "$data/gt.json" "$data/dt.json")
inner=$(for _ in $(seq "$RUNS"); do $PY bench/python_cocoeval.py "$data/gt.json" "$data/dt.json" 2>&1 >/dev/null; done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
read -r at am < <(measure "$annota" compare "$data/gt.json" "$data/dt.json" --format json)
printf '\n%-40s %10s %10s %12s\n' tool seconds "MiB peak" "annota ×"
printf '%-40s %10s %10.1f %11.1fx\n' "pycocotools, whole script" "$pt" "$(echo "$pm/1024" | bc -l)" "$(echo "$pt/$at" | bc -l)"
printf '%-40s %10s %10s %11.1fx\n' "pycocotools evaluate()+accumulate()" "$inner" "-" "$(echo "$inner/$at" | bc -l)"
printf '%-40s %10s %10.1f %12s\n' "annota compare (read, evaluate, report)" "$at" "$(echo "$am/1024" | bc -l)" "1.0x"

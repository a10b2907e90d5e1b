#!/usr/bin/env bash
# `annota report` against `annota validate` on the shared generator's medium set (2 000 images +
# 2 000 instance masks, 512×512 uint16, deflate: 4 000 files), described with 80/10/10 splits so the
# batch-effect measurement runs. Reports seconds and peak RSS (median of RUNS after one warm-up), the
# ratio report / validate (same profiles), the page's size, and its load time in headless Chromium
# (Tests/Peers/report_browser.py: navigation start to every picture decoded).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N=${IMAGES:-2000}
source bench/lib.sh
ensure_venv tifffile numpy selenium==4.51.0 pillow
swift build -c release --product annota >/dev/null || { echo "release build failed"; exit 1; }
annota=.build/release/annota
generator=../shared/bench/gen_dataset.py
d=bench/data/medium-deflate
[ -d "$d" ] || $PY "$generator" --name medium -n "$N" --variants deflate --out bench/data
manifest=$d/report.yaml
[ -f "$manifest" ] || $PY bench/describe_medium.py "$d" report.yaml --splits
out=bench/results/report-medium.html
mkdir -p bench/results
profiles=(--profile mifa --profile rembi --profile ml)
"$annota" validate --quiet --jobs 2 "$manifest" >/dev/null || true  # warm-up
read -r vc vcm < <(measure "$annota" validate --quiet --jobs 2 "$manifest")
read -r vp vpm < <(measure "$annota" validate --quiet --jobs 2 "${profiles[@]}" "$manifest")
read -r r rm < <(measure "$annota" report --quiet --jobs 2 "$manifest" -o "$out")
size=$(stat -c %s "$out")
loads=()
for _ in $(seq "$RUNS"); do
  loads+=("$($PY Tests/Peers/report_browser.py "$out" | $PY -c 'import json,sys; print(json.load(sys.stdin)["load_ms"])')")
done
load=$(printf '%s\n' "${loads[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
printf '%-44s %8s %10s\n' tool seconds "MiB peak"
printf '%-44s %8s %10d\n' "annota validate (core)" "$vc" $((vcm / 1024))
printf '%-44s %8s %10d\n' "annota validate (mifa, rembi, ml: measured)" "$vp" $((vpm / 1024))
printf '%-44s %8s %10d\n' "annota report (same profiles, 200 cards)" "$r" $((rm / 1024))
echo "report / validate (same profiles): $(echo "$r / $vp" | bc -l | cut -c1-4)x; report / validate (core): $(echo "$r / $vc" | bc -l | cut -c1-4)x"
echo "report file: $(echo "$size / 1048576" | bc -l | cut -c1-5) MB; opened and every picture decoded in headless Chromium: ${load} ms (median of $RUNS)"

#!/usr/bin/env bash
# Manifest-reading benchmark (`make bench` runs this, then every other run-*.sh): `annota summary` (release build) against PyYAML + jsonschema on the same
# generated manifests, in the same run. Reports wall time (median of RUNS), peak memory and the ratio.
# Peers are installed with pip into bench/.venv; generated data goes to bench/data (both ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"2000 20000"}

swift build -c release --product annota >/dev/null
annota=.build/release/annota

source bench/lib.sh
ensure_venv pyyaml jsonschema
py=$PY
echo "python: $($py -c 'import sys, yaml, jsonschema; print(sys.version.split()[0], "pyyaml", yaml.__version__, "libyaml" if yaml.__with_libyaml__ else "pure", "jsonschema", jsonschema.__version__)')"
echo "annota: $($annota --version)"

printf '\n%-8s %-5s %12s %12s %10s %12s %12s\n' images syntax "annota s" "python s" speed-up "annota MiB" "python MiB"
for n in $SIZES; do
  dir=bench/data/manifest-$n
  mkdir -p "$dir"
  [ -f "$dir/annota.yaml" ] || $py bench/make_manifest.py "$dir" "$n"
  for syntax in yaml json; do
    read -r at am < <(measure "$annota" summary --format json "$dir/annota.$syntax")
    read -r pt pm < <(measure "$py" bench/python_validate.py Specs/annota/0.1/manifest.schema.json "$dir/annota.$syntax")
    ratio=$(python3 -c "print(f'{$pt / max($at, 0.001):.1f}x')")
    printf '%-8s %-5s %12s %12s %10s %12.1f %12.1f\n' "$n" "$syntax" "$at" "$pt" "$ratio" "$(echo "$am/1024" | bc -l)" "$(echo "$pm/1024" | bc -l)"
  done
done

bench/run-labels.sh
bench/run-hdf5.sh
bench/run-cvat.sh
bench/run-init.sh
bench/run-validate.sh
bench/run-validate-hdf5.sh
bench/run-validate-floor.sh
bench/run-filelist.sh
bench/run-pack.sh
bench/run-report.sh
bench/run-compare.sh
bench/run-coco.sh
bench/run-export.sh

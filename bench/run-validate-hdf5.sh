#!/usr/bin/env bash
# HDF5 validation benchmark (issue: trust): `annota validate` (release) on a dataset of N HDF5 images
# and N label volumes (512 x 512 uint16, gzip 1) against the h5py peer (hashlib + h5py read +
# numpy.unique, 1 process), same data, same run. Reports seconds, peak RSS and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${IMAGES:-2000}
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv h5py numpy
swift build -c release --product annota >/dev/null
annota=.build/release/annota
data=bench/data/hdf5-$N
[ -f "$data/annota.yaml" ] || { echo "generating $N images + $N label volumes…"; $PY bench/make_hdf5_dataset.py "$data" "$N"; }

# Both read everything: the answer to compare is the number of label values over all volumes.
peer=$($PY bench/python_validate_hdf5.py "$data")
echo "peer: $peer (files, label values, check)"
$annota validate --quiet "$data" | tail -1
"$PY" bench/python_validate_hdf5.py "$data" >/dev/null  # warm-up
"$annota" validate --quiet "$data" >/dev/null || true

read -r pt pm < <(measure "$PY" bench/python_validate_hdf5.py "$data")
read -r a1 m1 < <(measure "$annota" validate --quiet --jobs 1 "$data")
read -r a2 m2 < <(measure "$annota" validate --quiet --jobs 2 "$data")
printf '\n%-22s %10s %10s %10s\n' tool seconds "MiB peak" "× peer"
printf '%-22s %10s %10.1f %10s\n' "h5py+numpy (1 proc)" "$pt" "$(echo "$pm/1024" | bc -l)" "1.0x"
printf '%-22s %10s %10.1f %9.2fx\n' "annota --jobs 1" "$a1" "$(echo "$m1/1024" | bc -l)" "$(echo "$pt/$a1" | bc -l)"
printf '%-22s %10s %10.1f %9.2fx\n' "annota --jobs 2" "$a2" "$(echo "$m2/1024" | bc -l)" "$(echo "$pt/$a2" | bc -l)"

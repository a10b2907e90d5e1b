#!/usr/bin/env bash
# HDF5 label-statistics benchmark: `annota inspect` (release) against h5py + numpy.unique +
# scipy.ndimage.find_objects on the same chunked, gzip-compressed uint16 volumes, in the same run.
# HDF5 decoding is serial in both (one global lock in libhdf5), so both run one file at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${VOLUMES:-40}
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv h5py numpy scipy
swift build -c release --product annota >/dev/null
annota=.build/release/annota
data=bench/data/volumes-$N
[ -f "$data/volume_$(printf %03d $((N - 1))).h5" ] || { echo "generating $N volumes…"; $PY bench/make_volumes.py "$data" "$N"; }

$annota inspect --format json "$data/volume_000.h5" | $PY -c '
import json, sys
a = json.loads(sys.stdin.readline())
print(json.dumps([[l["value"], l["pixels"], l["bbox"], l["planes"]] for l in a["labels"]]))' > bench/data/annota-h5.json
$PY bench/python_hdf5_stats.py "$data" 1 | $PY -c '
import json, sys
a = json.loads(sys.stdin.readline())
print(json.dumps([[l["value"], l["pixels"], l["bbox"], l["planes"]] for l in a["labels"]]))' > bench/data/python-h5.json
cmp -s bench/data/annota-h5.json bench/data/python-h5.json && echo "answers: identical on volume_000.h5" || { echo "answers differ"; exit 1; }

voxels=$((N * 64 * 256 * 256))
read -r pt pm < <(measure "$PY" bench/python_hdf5_stats.py "$data")
read -r at am < <(measure "$annota" inspect --format json --jobs 1 "$data")
printf '\n%-18s %10s %14s %10s %10s\n' tool seconds "Mvoxel/s" "MiB peak" "speed-up"
printf '%-18s %10s %14.0f %10.1f %10s\n' "h5py+numpy" "$pt" "$(echo "$voxels/$pt/1000000" | bc -l)" "$(echo "$pm/1024" | bc -l)" "1.0x"
printf '%-18s %10s %14.0f %10.1f %9.1fx\n' "annota" "$at" "$(echo "$voxels/$at/1000000" | bc -l)" "$(echo "$am/1024" | bc -l)" "$(echo "$pt/$at" | bc -l)"

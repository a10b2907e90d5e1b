#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Validates one shard of a dataset per task of a Slurm job array: task I of an array 0-(N-1) runs
#   annota validate "$DATASET" --shard I/N --format json --output "$PARTS/part-I.json"
# and merge.sh joins the parts into the report one `annota validate` would have written.
# Submit both with submit.sh; see docs/guide-archive.md.
#
# Environment (sbatch passes the submitting shell's on to the job):
#   DATASET           the dataset folder, on a filesystem every node sees; give the merge and any
#                     single run the same path (the report names it as given)
#   PARTS             the folder the parts are written to (shared too)
#   ANNOTA            the annota binary (default: annota on PATH); the same version in every task
#   VALIDATE_OPTIONS  more options for every shard: profiles, read limits, a cache, e.g.
#                     "--profile bia --max-plane-bytes 8589934592 --cache /shared/annota-cache"
#                     (read limits go to the merge too, MERGE_OPTIONS; waivers go to the merge only)
#   SHARDS            N, only to run some shards again (default: the array's size), e.g.
#                     sbatch --array=17 --export=ALL,SHARDS=64 validate-array.sh
#
# --array, --cpus-per-task and the rest can be overridden on the sbatch command line
# (`sbatch --array=0-3 --cpus-per-task=1 validate-array.sh`). Large images may need more memory:
# add --mem-per-cpu as your cluster asks.
#SBATCH --job-name=annota-validate
#SBATCH --array=0-63
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --output=annota-validate-%A_%a.out
set -euo pipefail

: "${DATASET:?set DATASET to the dataset folder (on a filesystem every node sees)}"
: "${PARTS:?set PARTS to the folder the parts go to (on a filesystem every node sees)}"
ANNOTA=${ANNOTA:-annota}
index=${SLURM_ARRAY_TASK_ID:?not a task of a job array: submit with sbatch --array=0-N (or submit.sh)}
if [ -n "${SHARDS:-}" ]; then
  shards=$SHARDS
else
  # Shard I of N needs the array 0-(N-1), every index once: the count alone would be wrong
  # for --array=1-64 or --array=0-126:2.
  shards=${SLURM_ARRAY_TASK_COUNT:?this Slurm does not set SLURM_ARRAY_TASK_COUNT: set SHARDS}
  if [ "${SLURM_ARRAY_TASK_MIN:-0}" != 0 ] || [ "${SLURM_ARRAY_TASK_MAX:-$((shards - 1))}" != $((shards - 1)) ] \
    || [ "${SLURM_ARRAY_TASK_STEP:-1}" != 1 ]; then
    echo "validate-array: the array must be 0-(N-1) with every index (it is ${SLURM_ARRAY_TASK_MIN:-?}-${SLURM_ARRAY_TASK_MAX:-?}:${SLURM_ARRAY_TASK_STEP:-?}, $shards tasks); to run some shards again, set SHARDS=N" >&2
    exit 64
  fi
fi
if [ "$index" -ge "$shards" ]; then
  echo "validate-array: task $index is not a shard of $shards (0-$((shards - 1)))" >&2
  exit 64
fi
read -r -a options <<<"${VALIDATE_OPTIONS:-}"

mkdir -p "$PARTS"
echo "annota-validate: shard $index/$shards of $DATASET on $(hostname -s), ${SLURM_CPUS_PER_TASK:-1} CPU(s)"
# --jobs: the CPUs Slurm gave this task, not every core of the node.
"$ANNOTA" validate "$DATASET" --shard "$index/$shards" --format json --output "$PARTS/part-$index.json" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet "${options[@]}"
echo "annota-validate: wrote $PARTS/part-$index.json"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Submits a sharded validation: the job array of validate-array.sh, then merge.sh, which starts
# only when every shard succeeded (afterok) and is cancelled if one fails. See docs/guide-archive.md.
#
#   DATASET=/shared/my-dataset PARTS=/shared/my-dataset-parts submit.sh [SBATCH-OPTION...]
#
# The options go to both sbatch calls (--partition, --account, --cpus-per-task…), except --array,
# which goes to the array alone: `submit.sh --array=0-15` runs 16 shards instead of 64.
# The environment (DATASET, PARTS, ANNOTA, VALIDATE_OPTIONS, MERGE_OPTIONS, REPORT, FORMAT,
# FAIL_ON, ANNOTA_CACHE) reaches the jobs. Run it from the folder the jobs' logs should go to.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${DATASET:?set DATASET to the dataset folder (on a filesystem every node sees)}"
: "${PARTS:?set PARTS to the folder the parts go to (on a filesystem every node sees)}"
export DATASET PARTS

array=() common=()
while [ $# -gt 0 ]; do
  case $1 in
    --array=* | -a?*) array+=("$1") ;;
    --array | -a)
      [ $# -ge 2 ] || { echo "submit: $1 needs a value" >&2; exit 64; }
      array+=("$1" "$2"); shift ;;
    *) common+=("$1") ;;
  esac
  shift
done

# Parts of an earlier run would be merged with this one's (and refused): start from none.
shopt -s nullglob
stale=("$PARTS"/part-*.json)
if [ ${#stale[@]} -gt 0 ]; then
  echo "submit: $PARTS already holds ${#stale[@]} part(s) of an earlier run; remove them or choose another PARTS" >&2
  exit 64
fi
mkdir -p "$PARTS"

# --parsable prints "ID" or "ID;CLUSTER".
validate=$(sbatch --parsable "${common[@]}" "${array[@]}" "$here/validate-array.sh")
validate=${validate%%;*}
merge=$(sbatch --parsable "${common[@]}" --dependency="afterok:$validate" --kill-on-invalid-dep=yes "$here/merge.sh")
merge=${merge%%;*}
echo "submitted: validation array $validate, merge $merge after it (squeue -j $validate,$merge)"

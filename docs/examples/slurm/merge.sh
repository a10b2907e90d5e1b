#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Joins the parts validate-array.sh wrote into one report, the one a single
#   annota validate "$DATASET" --format "$FORMAT" --output "$REPORT"
# would have written. submit.sh runs it after every shard succeeded (afterok); see
# docs/guide-archive.md. `annota report merge` refuses a set with a shard missing, naming it.
#
# Environment:
#   PARTS    the folder of the parts (part-0.json … part-(N-1).json)
#   REPORT   the report to write (default: $PARTS/report.json)
#   FORMAT   its format: json, text, sarif, junit, md (default: json)
#   FAIL_ON  the lowest severity that fails this job: warning, error, could-not-check (default: error)
#   ANNOTA   the annota binary (default: annota on PATH), the version the shards ran
#   MERGE_OPTIONS  more options: waivers, and the read limits the shards had, e.g.
#            "--waivers waivers.tsv --max-plane-bytes 8589934592"
#
# The merge reads the dataset again (its manifest, GeoJSON shapes, files the manifest does not
# list) at the path the shards were given: run it where that path is the same folder.
#
# Exit status, so the job's state: 0 passed, 1 findings at or above FAIL_ON, 2 could not run
# (a shard missing, parts of different runs).
#SBATCH --job-name=annota-merge
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --output=annota-merge-%j.out
set -euo pipefail

: "${PARTS:?set PARTS to the folder of the parts}"
ANNOTA=${ANNOTA:-annota}
REPORT=${REPORT:-$PARTS/report.json}

shopt -s nullglob
parts=("$PARTS"/part-*.json)
if [ ${#parts[@]} = 0 ]; then
  echo "annota-merge: no part-*.json in $PARTS" >&2
  exit 2
fi
read -r -a options <<<"${MERGE_OPTIONS:-}"
status=0
"$ANNOTA" report merge "${parts[@]}" --format "${FORMAT:-json}" --output "$REPORT" --fail-on "${FAIL_ON:-error}" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" "${options[@]}" || status=$?
case $status in
  0) echo "annota-merge: ${#parts[@]} parts merged into $REPORT: passed" ;;
  1) echo "annota-merge: ${#parts[@]} parts merged into $REPORT: findings at or above ${FAIL_ON:-error}" ;;
  *) echo "annota-merge: the parts in $PARTS could not be merged (exit $status)" >&2 ;;
esac
exit $status

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the documented Slurm example (docs/examples/slurm/submit.sh, as docs/guide-archive.md shows
# it) on a one-node cluster started here, and checks that the merged report of a 4-shard run is
# byte for byte the report of one `annota validate` of the same dataset (the bundled demo).
# The cluster: munged, then slurmctld and slurmd as
# root, no cgroups, its configuration and state in a temporary folder under .build/slurm, the logs
# (the daemons' and the jobs') in .build/slurm/log. Installs slurm-wlm and munge when missing;
# builds nothing: the binary is $ANNOTA (default: `swift build --show-bin-path`/annota, which
# `make test-slurm` builds first). Needs root. Exit status 0 when the reports match, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
TIMEOUT=${SLURM_TEST_TIMEOUT:-300}

say() { echo "test-slurm: $*"; }
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }
seconds() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; } # since a `date +%s%N`

[ "$(id -u)" = 0 ] || fail "needs root: slurmctld and slurmd run as root here, and munge and slurm-wlm may need installing (run it as root, or in CI)"

# The binary, as an absolute path (the jobs run in another folder).
if [ -z "${ANNOTA:-}" ]; then
  bin=$(${SWIFT:-swift} build --show-bin-path) || fail "\`${SWIFT:-swift} build --show-bin-path\` failed; set ANNOTA to the annota binary"
  ANNOTA=$bin/annota
fi
case $ANNOTA in
  /*) ;;
  */*) ANNOTA=$root/$ANNOTA ;;
  *) ANNOTA=$(command -v "$ANNOTA") || fail "no $ANNOTA on PATH" ;;
esac
[ -x "$ANNOTA" ] || fail "$ANNOTA is not an executable: build it first (make test-slurm does), or set ANNOTA"

# Debian's packages, when missing (apt-get update first, as `make deps` does).
missing=""
for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing$missing"
  command -v apt-get >/dev/null || fail "slurm-wlm and munge are missing and there is no apt-get to install them"
  # shellcheck disable=SC2086 # one word per package
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >/dev/null 2>&1 \
    || fail "apt-get could not install$missing"
fi
for tool in munged munge unmunge slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH after installing slurm-wlm and munge"
done

if pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null; then
  fail "a slurmctld or slurmd already runs on this machine (pids $(pgrep -d ' ' -x 'slurmctld|slurmd')); stop it first (this test starts its own)"
fi

mkdir -p .build/slurm/log
log=$root/.build/slurm/log
rm -f "$log"/*.log "$log"/*.out
work=$(mktemp -d "$root/.build/slurm/run.XXXXXX")
started_munged=""
passed=""

stop() { # a daemon by the pid in its pid file; waits until it is gone
  local pidfile=$1 pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  set +e
  if [ -s "$work/slurmctld.pid" ]; then
    scancel --quiet --user=root >/dev/null 2>&1 # jobs a failure left
  fi
  stop "$work/slurmd.pid"
  stop "$work/slurmctld.pid"
  [ -n "$started_munged" ] && stop /run/munge/munged.pid
  if [ -n "$passed" ]; then rm -rf "$work"; else echo "test-slurm: kept $work and the logs in $log" >&2; fi
}
trap cleanup EXIT

# munged: the system's, when one answers already; otherwise started here, as the munge user.
t0=$(date +%s%N)
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || fail "/etc/munge/munge.key is missing (munge's package creates it; \`mungekey --create\` as the munge user makes one)"
  mkdir -p /run/munge && chown munge:munge /run/munge
  if [ -s /run/munge/munged.pid ] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; then
    fail "a munged runs (pid $(cat /run/munge/munged.pid)) but does not answer: see /var/log/munge/munged.log"
  fi
  # Its log and seed here too, not in /var/log/munge and /var/lib/munge; munged, as munge, checks
  # that no one else can write them.
  mkdir -p .build/slurm/munge && chown munge:munge .build/slurm/munge && chmod 700 .build/slurm/munge
  touch "$log/munged.log" && chown munge:munge "$log/munged.log" && chmod 640 "$log/munged.log"
  su -s /bin/sh munge -c "munged --log-file='$log/munged.log' --seed-file='$root/.build/slurm/munge/munged.seed'" \
    >"$log/munged-start.log" 2>&1 || fail "munged did not start: $(tail -3 "$log/munged-start.log")"
  started_munged=yes
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 || fail "munged started but \`munge -n | unmunge\` fails"
fi

# slurm.conf: the reference's, with this machine's name, cores and memory (no more than it has),
# and cores alone consumable (CR_Core): with memory too (the default, CR_Core_Memory), a job that
# asks for no memory is given all of it, and the shards would run one at a time.
host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/^MemTotal:/ { m = int($2 / 1024); print (m < 8000 ? m : 8000) }' /proc/meminfo)
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$log/slurmctld.log
SlurmdLogFile=$log/slurmd.log
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" >"$log/slurmctld-start.log" 2>&1 || fail "slurmctld did not start: see $log/slurmctld.log"
slurmd -f "$SLURM_CONF" >"$log/slurmd-start.log" 2>&1 || fail "slurmd did not start: see $log/slurmd.log"
state=""
for _ in $(seq 120); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || fail "the node is not idle after 60 s (state: ${state:-none}); see $log/slurmctld.log and $log/slurmd.log"
say "one-node cluster up in $(seconds "$t0") s ($host, $cpus CPUs)"

# The dataset and the documented submission, 4 shards of one CPU each, logs in $log.
cp -R Fixtures/demo "$work/dataset"
t0=$(date +%s%N)
deadline=$((SECONDS + TIMEOUT))
submitted=$(cd "$log" && DATASET=$work/dataset PARTS=$work/parts REPORT=$work/merged.json ANNOTA=$ANNOTA \
  "$root/docs/examples/slurm/submit.sh" --array=0-3 --cpus-per-task=1 2>"$log/submit.err") \
  || fail "docs/examples/slurm/submit.sh failed: $(cat "$log/submit.err")"
echo "$submitted" >"$log/submit.out"
ids=$(sed -nE 's/^submitted: validation array ([0-9]+), merge ([0-9]+) .*/\1 \2/p' <<<"$submitted")
read -r array merge <<<"$ids"
[ -n "${merge:-}" ] || fail "submit.sh did not say the job ids: $submitted"

while [ -n "$(squeue -h -o %i 2>/dev/null)" ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the jobs did not finish in $TIMEOUT s: $(squeue -h -o '%i %T %r' | tr '\n' ';')"
  sleep 0.5
done
elapsed=$(seconds "$t0")

# Every task and the merge completed (scontrol keeps finished jobs for MinJobAge, 300 s).
states=$(scontrol -o show job "$array" 2>/dev/null | sed -nE 's/.*JobId=([0-9]+) ArrayJobId=[0-9]+ ArrayTaskId=([0-9]+) .*JobState=([A-Z_]+).*/\2 \3/p' || true)
[ "$(wc -l <<<"$states")" = 4 ] || fail "expected 4 array tasks, scontrol shows: $(tr '\n' ';' <<<"$states")"
while read -r task state; do
  [ "$state" = COMPLETED ] && continue
  tail -5 "$log/annota-validate-${array}_$task.out" >&2 2>/dev/null || true
  fail "shard $task is $state, not COMPLETED (its log: $log/annota-validate-${array}_$task.out)"
done <<<"$states"
merge_state=$(scontrol -o show job "$merge" 2>/dev/null | sed -nE 's/.*JobState=([A-Z_]+).*/\1/p' || true)
[ "$merge_state" = COMPLETED ] || fail "the merge job is ${merge_state:-gone}, not COMPLETED: $(cat "$log/annota-merge-$merge.out" 2>/dev/null)"
say "4 shards and the merge finished in $elapsed s"

# One run on the same path; the merged report must be the same bytes.
status=0
"$ANNOTA" validate "$work/dataset" --format json --output "$work/single.json" --quiet || status=$?
[ "$status" -le 1 ] || fail "annota validate of the dataset could not run (exit $status)"
[ -s "$work/merged.json" ] || fail "the merge job wrote no report ($work/merged.json)"
if ! cmp "$work/merged.json" "$work/single.json"; then
  { diff "$work/merged.json" "$work/single.json" || true; } | head -20 >&2
  fail "the merged report differs from the single run's"
fi
passed=yes
say "passed: the merged report of 4 shards is the single run's, byte for byte"

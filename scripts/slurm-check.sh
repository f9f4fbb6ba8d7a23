#!/usr/bin/env bash
# Runs the README's Slurm job array on a real, one-node Slurm cluster and checks that the
# merged shards give the report a single run gives.
#
#   1. installs slurm-wlm and munge (apt) when they are missing;
#   2. starts munged (unless one already answers) and a one-node cluster — slurmctld and
#      slurmd with a private slurm.conf, state and ports under a temporary folder;
#   3. simulates a 1M-row WAI-SR file, submits the README's job-array script with 4 shards and
#      --threads 1, then the merge with --dependency=afterok;
#   4. compares the merged report with a single run of the same file, byte for byte (the scales
#      and everything else);
#   5. stops the daemons it started, by PID, and exits 0 (equal) or 1 (anything else).
#
# Needs root (the daemons) and apt-get when the packages are missing.
# Usage: scripts/slurm-check.sh [RAPPORT]   (default: .build/debug/rapport, else .build/release/rapport)
# Environment: ROWS (default 1000000), KEEP=1 keeps the temporary folder.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rows=${ROWS:-1000000}
rapport=${1:-}
if [ -z "$rapport" ]; then
  for b in "$root/.build/debug/rapport" "$root/.build/release/rapport"; do
    [ -x "$b" ] && { rapport=$b; break; }
  done
fi
say() { echo "slurm-check: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[ -n "$rapport" ] && [ -x "$rapport" ] || fail "no rapport binary (build first, or give its path)"
rapport=$(cd "$(dirname "$rapport")" && pwd)/$(basename "$rapport")
[ "$(id -u)" = 0 ] || fail "needs root to start munged, slurmctld and slurmd"

# --- packages ------------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || fail "slurm-wlm and munge are missing and apt-get is not available"
  say "installing slurm-wlm and munge (apt)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge) >/dev/null \
    || fail "apt-get install slurm-wlm munge failed"
fi

work=$(mktemp -d /tmp/rapport-slurm.XXXXXX)
chmod 755 "$work"
started=()
cleanup() {
  local pid
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  [ "${KEEP:-0}" = 1 ] && say "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# --- munge ---------------------------------------------------------------------------------
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running; using it"
else
  [ -s /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; }
  chmod 600 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  # munged refuses to run as root without -f; -F stays in the foreground so $! is its PID.
  munged -f -F >"$work/munged.log" 2>&1 &
  started+=($!)
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.2; done
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 || { cat "$work/munged.log" >&2; fail "munged did not start"; }
fi

# --- a one-node cluster --------------------------------------------------------------------
host=$(hostname -s)
export SLURM_CONF="$work/slurm.conf"
mkdir -p "$work/state" "$work/spool"
cat >"$SLURM_CONF" <<EOF
ClusterName=rapportcheck
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${SLURMCTLD_PORT:-6917}
SlurmdPort=${SLURMD_PORT:-6918}
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i >"$work/slurmctld.out" 2>&1 &
started+=($!)
slurmd -D >"$work/slurmd.out" 2>&1 &
started+=($!)
idle=0
for _ in $(seq 60); do
  sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle' && { idle=1; break; }
  sleep 0.5
done
[ "$idle" = 1 ] || { tail -20 "$work"/slurmctld.log "$work"/slurmd.log >&2 2>/dev/null; fail "the node did not become idle"; }
say "cluster up: node $host idle"

# --- data, the README's job array, the merge -----------------------------------------------
cd "$work"
"$rapport" simulate --instrument wai-sr --rows "$rows" --seed 20261126 --missing 0.03 -o big.csv 2>/dev/null \
  || fail "rapport simulate failed"
# The job script is the README's, taken from it: 4 shards and --threads 1 instead of 16 and 4.
awk '/^A Slurm job array/ { f = 1; next } f && /^```sh/ { g = 1; next } g && /^```/ { exit } g { print }' \
  "$root/README.md" >readme-job.sh
grep -q 'SBATCH --array=1-16' readme-job.sh && grep -q -- '--shard ${SLURM_ARRAY_TASK_ID}/16' readme-job.sh \
  || fail "README's Slurm job script not found in the expected form (see README.md, 'A Slurm job array')"
sed -e 's/--array=1-16/--array=1-4/' -e 's/--cpus-per-task=4/--cpus-per-task=1/' \
    -e 's#/16 #/4 #' -e 's/--threads 4/--threads 1/' \
    -e "s#^rapport #'$rapport' #" -e "s#big\.csv#$work/big.csv#" -e "s#part-\\\${SLURM#$work/part-\${SLURM#" \
    readme-job.sh >job.sh
grep -q -- '--threads 1' job.sh && grep -q -- '/4 ' job.sh || fail "could not adapt the README's job script: $(cat job.sh)"
array=$(sbatch --parsable --chdir="$work" --output="$work/slurm-%A_%a.out" job.sh) || fail "sbatch of the job array failed"
merge=$(sbatch --parsable --chdir="$work" --output="$work/slurm-merge.out" --dependency=afterok:"$array" \
  --wrap "'$rapport' merge $work/part-*.json --format json -o $work/merged.json") || fail "sbatch of the merge failed"
say "submitted job array $array (4 shards) and merge $merge (afterok)"

# A single run while the cluster works.
"$rapport" reliability "$work/big.csv" --instrument wai-sr --format json --quiet -o single.json 2>/dev/null \
  || fail "the single run failed"

state=""
for _ in $(seq 600); do
  state=$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|DEADLINE) break ;; esac
  sleep 0.5
done
if [ "$state" != COMPLETED ]; then
  for f in "$work"/slurm-*.out; do echo "== $f" >&2; tail -5 "$f" >&2; done
  fail "the merge job ended as '${state:-unknown}'"
fi
for i in 1 2 3 4; do [ -s "part-$i.json" ] || fail "shard $i wrote no state"; done

# --- the check -----------------------------------------------------------------------------
if cmp -s merged.json single.json; then
  say "OK: the merged report of 4 Slurm shards equals the single run ($rows rows)"
  exit 0
fi
diff <(grep -n . single.json) <(grep -n . merged.json) | head -20 >&2
fail "the merged report differs from the single run"

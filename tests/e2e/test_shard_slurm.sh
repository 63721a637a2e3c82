#!/bin/sh
# test_shard_slurm.sh — the Slurm recipe for real: a one-node Slurm cluster on 127.0.0.1
# (its own munged and configuration under $T), contrib/slurm/kleio-slurm.sh submits the
# array (4 shards of a synth corpus, facets from the test model server) and the dependent
# merge job, which publishes; the snapshot equals the single-machine one. Installs slurm-wlm
# and munge when missing (root with apt-get), else skips saying why.
. "$KLEIO_ROOT/tests/lib.sh"

skip() { echo "ok - # SKIP $*"; exit 0; }
FAKE="$KLEIO_BUILD/tests/tools/fake_llm"
[ -x "$FAKE" ] || skip "$FAKE not built"
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 ||
        skip "Slurm is not installed and cannot be (needs root and apt-get): apt-get install slurm-wlm munge"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge \
        >"$T/apt.log" 2>&1 || skip "apt-get install slurm-wlm munge failed: $(tail -1 "$T/apt.log")"
fi
# slurmd runs the jobs as their user; as anyone but root it cannot switch to that user
# unless it runs as root itself.
[ "$(id -u)" -eq 0 ] || skip "a local Slurm node needs root (slurmd)"

started=$(date +%s)
S="$T/slurm"
mkdir -p "$S/state" "$S/spool" "$S/munge" "$S/work"
chmod 700 "$S/munge"
PIDS=""
stop_all() {
    for f in "$S/ctld.pid" "$S/d.pid" "$S/munge/munged.pid" "$S/fake.pid"; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    sleep 0.3
    rm -rf "$T"
}
trap stop_all EXIT

# Munge with its own key and socket.
dd if=/dev/urandom of="$S/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$S/munge/munge.key"
munged --force --socket="$S/munge/munge.socket" --key-file="$S/munge/munge.key" \
    --pid-file="$S/munge/munged.pid" --log-file="$S/munge/munged.log" \
    --seed-file="$S/munge/munged.seed" 2>"$S/munge/start.err" ||
    skip "munged does not start here: $(tail -1 "$S/munge/start.err")"

# Ports from the test's pid, away from the defaults (6817/6818) of any real cluster.
base=$((20000 + $$ % 20000))
cpus=$(slurmd -C 2>/dev/null | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p')
mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
cat >"$S/slurm.conf" <<EOF
ClusterName=kleiotest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$S/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/ctld.pid
SlurmdPidFile=$S/d.pid
SlurmctldLogFile=$S/ctld.log
SlurmdLogFile=$S/d.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdTimeout=30
NodeName=kleionode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=${cpus:-1} RealMemory=${mem:-1000} State=UNKNOWN
PartitionName=kleio Nodes=kleionode Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$S/slurm.conf"
slurmctld -i -f "$SLURM_CONF" 2>"$S/ctld.err" || skip "slurmctld does not start here: $(tail -1 "$S/ctld.err")"
slurmd -N kleionode -f "$SLURM_CONF" 2>"$S/d.err" || skip "slurmd does not start here: $(tail -1 "$S/d.err")"
i=0
until sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; do
    sleep 0.5; i=$((i + 1))
    [ $i -lt 60 ] || skip "the Slurm node did not come up: $(tail -2 "$S/d.log" "$S/ctld.log" 2>/dev/null | tr '\n' ' ')"
done
ok "a one-node Slurm cluster is up on 127.0.0.1 ($(sinfo -h -o '%P %D %T %c'))"

# The corpus, and the test model server the facets call.
"$FAKE" >"$S/fake.port" 2>"$S/fake.err" &
echo $! >"$S/fake.pid"
i=0
while [ ! -s "$S/fake.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(head -1 "$S/fake.port")
export OPENAI_API_KEY=sk-test-slurm
FACETS="--backend openai --base-url http://127.0.0.1:$PORT/v1 --concurrency 4"
R="--min-users 3 --min-conversations 6 --leaf-size 25 --seed 2"
W="$S/work"
"$KLEIO" synth -q -n 600 --seed 9 -o "$W/all.jsonl"
"$KLEIO" ingest -q --work "$W/w.db" "$W/all.jsonl"
"$KLEIO" ingest -q --work "$W/single.db" "$W/all.jsonl"
# shellcheck disable=SC2086
check "single machine: facets from the model server" "$KLEIO" facets --work "$W/single.db" $FACETS
# shellcheck disable=SC2086
check "single machine: publish" "$KLEIO" run --work "$W/single.db" --out "$W/single_s.db" $R

# The recipe, as a user would call it.
t0=$(date +%s)
check "kleio-slurm.sh submits the array and the merge job" env KLEIO="$KLEIO" \
    KLEIO_FACETS_ARGS="$FACETS" KLEIO_RUN_ARGS="$R" SBATCH_ARGS="--mem=200M --cpus-per-task=1" \
    sh "$KLEIO_ROOT/contrib/slurm/kleio-slurm.sh" "$W/w.db" 4 "$W/shards" "$W/merged_s.db"
cat "$T/.out"
merge=$(sed -n 's/.*merge \([0-9]*\).*/\1/p' "$T/.out")
i=0
while [ -n "$merge" ] && squeue -h -j "$merge" 2>/dev/null | grep -q . && [ $i -lt 240 ]; do
    sleep 0.5; i=$((i + 1))
done
t1=$(date +%s)
echo "# Slurm array (4 shards) + merge + publish: $((t1 - t0)) s"
check "every array task logged its facets" test "$(grep -l "facets: " "$W"/shards/facets-*.log 2>/dev/null | wc -l)" -eq 4
check "the merge job merged every shard" grep -q "conversations have facets" "$W/shards/merge.log"
check "…and published" test -s "$W/merged_s.db"
[ -s "$W/merged_s.db" ] || { tail -20 "$W"/shards/*.log "$S/ctld.log" "$S/d.log" 2>/dev/null | sed 's/^/# /'; }
dump() {
    for t in clusters languages cluster_lang cluster_time lineage; do
        sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2"
    done
    sqlite3 "$1" "SELECT key, value FROM meta WHERE key NOT IN ('created_at', 'work_db') ORDER BY key"
}
dump "$W/single_s.db" >"$T/single.txt"
dump "$W/merged_s.db" >"$T/merged.txt" 2>/dev/null
check "the Slurm snapshot equals the single-machine snapshot" cmp "$T/single.txt" "$T/merged.txt"
echo "# whole test: $(($(date +%s) - started)) s"

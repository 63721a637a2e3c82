#!/bin/sh
# shard_bench.sh — sharded against single-machine kleio on a synthetic corpus, offline.
#   bench/shard_bench.sh [N] [SHARDS] [FIT_SAMPLE]   (defaults: 100000, 4, N/5)
# Single machine: ingest, facets (all threads), run. Sharded: shard, facets on every shard
# at once (one thread each: SHARDS processes, as SHARDS machines would), merge, run.
# Fit on a sample: shard --fit-sample, run on the sample with the full run's k, assign
# every shard at once, merge, assign, run --incremental; NMI/ARI of its leaves against the
# full fit's. Prints wall time and peak memory (max RSS) of every step and each stage's time
# from the run logs, and whether the sharded snapshot equals the single one. KLEIO selects
# the binary (default build/kleio); needs /usr/bin/time and sqlite3. Scratch in $TMPDIR.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KLEIO=${KLEIO:-$ROOT/build/kleio}
SCORE=${SCORE:-$ROOT/build/tests/tools/score_assignments}
N=${1:-100000}
SH=${2:-4}
FIT=${3:-$((N / 5))}
D=$(mktemp -d "${TMPDIR:-/tmp}/kleio-shard-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT
[ -x /usr/bin/time ] || { echo "shard_bench: needs /usr/bin/time" >&2; exit 2; }

# step NAME CMD...: runs CMD, records "NAME wall_s max_rss_MB" in $D/steps.
step() {
    name=$1; shift
    /usr/bin/time -f "%e %M" -o "$D/$name.time" "$@" 2>"$D/$name.log" ||
        { echo "shard_bench: $name failed:" >&2; tail -5 "$D/$name.log" >&2; exit 1; }
    read -r wall rss <"$D/$name.time"
    printf '%-22s %8.1f s %8.0f MB\n' "$name" "$wall" "$((rss / 1024))" | tee -a "$D/steps"
}
# par NAME CMD-WITH-@: runs CMD once per shard at once, @ replaced by the index; records the
# wall time of the whole and the largest peak memory of one.
par() {
    name=$1; shift
    t0=$(date +%s.%N)
    pids=""
    i=0
    while [ $i -lt "$SH" ]; do
        cmd=$(echo "$*" | sed "s/@/$i/g")
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %M" -o "$D/$name-$i.time" $cmd 2>"$D/$name-$i.log" &
        pids="$pids $!"
        i=$((i + 1))
    done
    for p in $pids; do wait "$p" || { echo "shard_bench: $name failed" >&2; exit 1; }; done
    t1=$(date +%s.%N)
    rss=$(cat "$D/$name"-*.time | awk '{ if ($2 > m) m = $2 } END { print int(m / 1024) }')
    slow=$(cat "$D/$name"-*.time | awk '{ if ($1 > m) m = $1 } END { print m }')
    printf '%-22s %8.1f s %8s MB per shard (slowest shard %.1f s)\n' "$name" \
        "$(echo "$t1 - $t0" | bc)" "$rss" "$slow" | tee -a "$D/steps"
}
stages() { grep -oE "^kleio: [a-z]+: .*\(([0-9.]+)s\)$" "$1" | sed -E 's/^kleio: ([a-z]+): .*\(([0-9.]+)s\)$/  \1 \2 s/' | tr '\n' ';'; echo; }
dump() {
    for t in clusters languages cluster_lang cluster_time lineage; do
        sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2"
    done
    sqlite3 "$1" "SELECT key, value FROM meta WHERE key NOT IN ('created_at', 'work_db') ORDER BY key"
}

echo "shard_bench: $N conversations, $SH shards, sample $FIT; $(nproc) processors, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$KLEIO" synth -q -n "$N" --seed 1 -o "$D/all.jsonl"
step ingest "$KLEIO" ingest -q --work "$D/single.db" "$D/all.jsonl"
cp "$D/single.db" "$D/w.db"
step single-facets "$KLEIO" facets --work "$D/single.db"
step single-run "$KLEIO" run --work "$D/single.db" --out "$D/single_s.db" --seed 1
echo "  single run stages: $(stages "$D/single-run.log")"
step shard "$KLEIO" shard --work "$D/w.db" --shards "$SH" --out "$D/sh"
par shard-facets "$KLEIO" facets --threads 1 --work "$D/sh/shard-@.db"
step merge "$KLEIO" merge --work "$D/w.db" "$D"/sh/shard-*.db
step sharded-run "$KLEIO" run --work "$D/w.db" --out "$D/sharded_s.db" --seed 1
dump "$D/single_s.db" >"$D/single.txt"
dump "$D/sharded_s.db" >"$D/sharded.txt"
if cmp -s "$D/single.txt" "$D/sharded.txt"; then
    echo "agreement: the sharded snapshot equals the single-machine snapshot ($(wc -l <"$D/single.txt") rows compared)"
else
    echo "agreement: the snapshots DIFFER in $(diff "$D/single.txt" "$D/sharded.txt" | grep -c '^[<>]') of $(wc -l <"$D/single.txt") rows"
fi

k=$(sqlite3 "$D/single_s.db" "SELECT json_extract(value, '$.k') FROM meta WHERE key = 'params'")
step fit-sample "$KLEIO" shard --work "$D/w.db" --fit-sample "$FIT" --seed 1 --out "$D/fit.db"
step fit-run "$KLEIO" run --work "$D/fit.db" --out "$D/fit_s.db" --seed 1 --k "$k"
echo "  fit run stages: $(stages "$D/fit-run.log")"
par assign "$KLEIO" assign --work "$D/sh/shard-@.db" --model "$D/fit.db" --seed 1
step merge-leaves "$KLEIO" merge --work "$D/w.db" "$D"/sh/shard-*.db
step assign-work "$KLEIO" assign --work "$D/w.db" --model "$D/fit.db" --seed 1
step incremental-run "$KLEIO" run --work "$D/w.db" --out "$D/fit_pub.db" --seed 1 --k "$k" --incremental
"$KLEIO" export assignments --work "$D/single.db" -o "$D/full.tsv"
"$KLEIO" export assignments --work "$D/w.db" -o "$D/fitted.tsv"
awk -F'\t' 'NR == 1 { print "id\tintent"; next } { print $1 "\t" $2 }' "$D/full.tsv" >"$D/labels.tsv"
echo "fit on $FIT of $N, k=$k: leaves against the full fit's: $("$SCORE" "$D/labels.tsv" "$D/fitted.tsv" 2>/dev/null)"

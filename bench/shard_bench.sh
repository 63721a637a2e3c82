#!/bin/sh
# shard_bench.sh — sharded against single-machine kleio on a synthetic corpus, offline.
#   bench/shard_bench.sh [N] [SHARDS] [FIT_SAMPLE]   (defaults: 100000, 4, N/5)
# Parts, each runnable alone (BENCH_PARTS, default all in this order) so that one failure
# does not lose the others; BENCH_DIR keeps their files between calls (default: a scratch
# directory in $TMPDIR, removed at the end):
#   prep     synthetic corpus and its ingested work database
#   single   one machine: facets (all threads), run
#   sharded  shard, facets on every shard at once (one thread each: SHARDS processes, as
#            SHARDS machines would), merge
#   sharded-run  run on the merged work database (needs sharded)
#   agree    whether the sharded snapshot equals the single one (needs single, sharded-run)
#   agree-facets  whether the merged facets equal the one-machine facets, row by row: the
#            run's input, when there is no time for the sharded run (needs single, sharded)
#   fit      shard --fit-sample, run on the sample with the full run's k (K overrides),
#            assign every shard at once, merge, assign, run --incremental on a copy of the
#            merged work database; NMI/ARI of its leaves against the full fit's (needs
#            sharded; single for k and the scores)
#   fit-assign  the fit part from the assignment on (needs fit)
# Prints wall time and peak memory (max RSS) of every step, the load average when it ended,
# and each stage's time from the run logs. KLEIO selects the binary (default build/kleio);
# needs /usr/bin/time, bc and sqlite3.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KLEIO=${KLEIO:-$ROOT/build/kleio}
SCORE=${SCORE:-$ROOT/build/tests/tools/score_assignments}
N=${1:-100000}
SH=${2:-4}
FIT=${3:-$((N / 5))}
PARTS=${BENCH_PARTS:-prep single sharded sharded-run agree fit}
if [ -n "${BENCH_DIR:-}" ]; then
    D=$BENCH_DIR
    mkdir -p "$D"
else
    D=$(mktemp -d "${TMPDIR:-/tmp}/kleio-shard-bench.XXXXXX")
    trap 'rm -rf "$D"' EXIT
fi
[ -x /usr/bin/time ] || { echo "shard_bench: needs /usr/bin/time" >&2; exit 2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
need() { [ -e "$D/$1" ] || { echo "shard_bench: part $2 needs $1 (run part $3 first)" >&2; exit 1; }; }

# step NAME CMD...: runs CMD, records "NAME wall_s max_rss_MB load" in $D/steps.
step() {
    name=$1; shift
    /usr/bin/time -f "%e %M" -o "$D/$name.time" "$@" 2>"$D/$name.log" ||
        { echo "shard_bench: $name failed:" >&2; tail -5 "$D/$name.log" >&2; exit 1; }
    read -r wall rss <"$D/$name.time"
    printf '%-22s %8.1f s %8.0f MB   load %s\n' "$name" "$wall" "$((rss / 1024))" "$(load)" | tee -a "$D/steps"
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
    printf '%-22s %8.1f s %8s MB per shard (slowest shard %.1f s)   load %s\n' "$name" \
        "$(echo "$t1 - $t0" | bc)" "$rss" "$slow" "$(load)" | tee -a "$D/steps"
}
stages() { grep -oE "^kleio: [a-z]+: .*\(([0-9.]+)s\)$" "$1" | sed -E 's/^kleio: ([a-z]+): .*\(([0-9.]+)s\)$/  \1 \2 s/' | tr '\n' ';'; echo; }
dump() {
    for t in clusters languages cluster_lang cluster_time lineage; do
        sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2"
    done
    sqlite3 "$1" "SELECT key, value FROM meta WHERE key NOT IN ('created_at', 'work_db') ORDER BY key"
}

part_prep() {
    "$KLEIO" synth -q -n "$N" --seed 1 -o "$D/all.jsonl"
    rm -f "$D/base.db"
    step ingest "$KLEIO" ingest -q --work "$D/base.db" "$D/all.jsonl"
    rm -f "$D/all.jsonl"
}
part_single() {
    need base.db single prep
    cp "$D/base.db" "$D/single.db"
    step single-facets "$KLEIO" facets --work "$D/single.db"
    step single-run "$KLEIO" run --work "$D/single.db" --out "$D/single_s.db" --seed 1
    echo "  single run stages: $(stages "$D/single-run.log")"
}
part_sharded() {
    need base.db sharded prep
    cp "$D/base.db" "$D/w.db"
    rm -rf "$D/sh"
    step shard "$KLEIO" shard --work "$D/w.db" --shards "$SH" --out "$D/sh"
    par shard-facets "$KLEIO" facets --threads 1 --work "$D/sh/shard-@.db"
    step merge "$KLEIO" merge --work "$D/w.db" "$D"/sh/shard-*.db
    cp "$D/w.db" "$D/wf.db"
}
part_sharded_run() {
    need w.db sharded-run sharded
    step sharded-run "$KLEIO" run --work "$D/w.db" --out "$D/sharded_s.db" --seed 1
    echo "  sharded run stages: $(stages "$D/sharded-run.log")"
}
part_agree() {
    need single_s.db agree single
    need sharded_s.db agree sharded-run
    dump "$D/single_s.db" >"$D/single.txt"
    dump "$D/sharded_s.db" >"$D/sharded.txt"
    if cmp -s "$D/single.txt" "$D/sharded.txt"; then
        echo "agreement: the sharded snapshot equals the single-machine snapshot ($(wc -l <"$D/single.txt") rows compared)"
    else
        echo "agreement: the snapshots DIFFER in $(diff "$D/single.txt" "$D/sharded.txt" | grep -c '^[<>]') of $(wc -l <"$D/single.txt") rows"
    fi
}
part_agree_facets() {
    need single.db agree-facets single
    need w.db agree-facets sharded
    q="SELECT c.id, f.lang, f.lang_name, f.refused, f.concern, f.turns, f.task, f.summary, f.backend,
       f.model FROM %s.facets f JOIN %s.conversations c ON c.rowid = f.conv"
    # shellcheck disable=SC2059
    a=$(printf "$q" main main) b=$(printf "$q" s s)
    sqlite3 -cmd ".timeout 60000" "$D/single.db" "ATTACH '$D/w.db' AS s; SELECT (SELECT count(*)
        FROM main.facets), (SELECT count(*) FROM ($a EXCEPT $b)), (SELECT count(*) FROM ($b EXCEPT $a))" |
        { IFS='|' read -r n x y
          echo "agreement: of $n one-machine facets rows, $x are not among the merged ones, $y merged ones not among them"; }
}
part_fit() {
    need wf.db fit sharded
    need sh fit sharded
    if [ -n "${K:-}" ]; then
        k=$K
    else
        need single_s.db fit single
        k=$(sqlite3 "$D/single_s.db" "SELECT json_extract(value, '$.k') FROM meta WHERE key = 'params'")
    fi
    for f in fit.db fit_s.db fit_pub.db; do rm -f "$D/$f" "$D/$f-wal" "$D/$f-shm" "$D/$f.lock"; done
    step fit-sample "$KLEIO" shard --work "$D/wf.db" --fit-sample "$FIT" --seed 1 --out "$D/fit.db"
    step fit-run "$KLEIO" run --work "$D/fit.db" --out "$D/fit_s.db" --seed 1 --k "$k"
    echo "  fit run stages: $(stages "$D/fit-run.log")"
    part_fit_assign
}
part_fit_assign() {
    need fit_s.db fit-assign fit
    if [ -n "${K:-}" ]; then
        k=$K
    else
        need single_s.db fit-assign single
        k=$(sqlite3 "$D/single_s.db" "SELECT json_extract(value, '$.k') FROM meta WHERE key = 'params'")
    fi
    par assign "$KLEIO" assign --work "$D/sh/shard-@.db" --model "$D/fit.db" --seed 1
    step merge-leaves "$KLEIO" merge --work "$D/wf.db" "$D"/sh/shard-*.db
    step assign-work "$KLEIO" assign --work "$D/wf.db" --model "$D/fit.db" --seed 1
    step incremental-run "$KLEIO" run --work "$D/wf.db" --out "$D/fit_pub.db" --seed 1 --k "$k" --incremental
    echo "  incremental run stages: $(stages "$D/incremental-run.log")"
    if [ -e "$D/single.db" ]; then
        "$KLEIO" export assignments --work "$D/single.db" -o "$D/full.tsv"
        "$KLEIO" export assignments --work "$D/wf.db" -o "$D/fitted.tsv"
        awk -F'\t' 'NR == 1 { print "id\tintent"; next } { print $1 "\t" $2 }' "$D/full.tsv" >"$D/labels.tsv"
        echo "fit on $FIT of $N, k=$k: leaves against the full fit's: $("$SCORE" "$D/labels.tsv" "$D/fitted.tsv" 2>/dev/null)"
    fi
}

echo "shard_bench: $N conversations, $SH shards, sample $FIT, parts: $PARTS; $(nproc) processors, load $(load)"
for part in $PARTS; do
    case $part in
    prep | single | sharded | agree | fit) "part_$part" ;;
    sharded-run) part_sharded_run ;;
    agree-facets) part_agree_facets ;;
    fit-assign) part_fit_assign ;;
    *) echo "shard_bench: unknown part '$part' (prep, single, sharded, sharded-run, agree, agree-facets, fit, fit-assign)" >&2
       exit 2 ;;
    esac
done

#!/bin/sh
# test_stable.sh — cluster ids across recomputes: a changed seed keeps most ids and writes
# the lineage (shared counts are multiples of the threshold); the same run twice keeps
# every id; kleio diff reads the pair; one run per work database at a time.
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 2000 --seed 3 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/c.jsonl"
R="--min-users 5 --min-conversations 10 --leaf-size 40"
# shellcheck disable=SC2086
check "first run" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --seed 2
cp "$T/s.db" "$T/old.db"
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --seed 3 2>"$T/run2.err"
check_grep "the second run reports kept ids" "publish: [0-9]+ of [0-9]+ clusters kept their ids" "$T/run2.err"
kept=$(sqlite3 "$T/s.db" "ATTACH '$T/old.db' AS o;
    SELECT 100 * count(o.id) / count(*) FROM clusters c LEFT JOIN o.clusters o ON o.id = c.id AND o.level = c.level")
if [ "$kept" -ge 50 ]; then ok "most ids persist across a new seed ($kept%)"; else not_ok "most ids persist ($kept%)"; fi
n=$(sqlite3 "$T/s.db" "SELECT count(*) FROM lineage")
if [ "$n" -gt 0 ]; then ok "lineage written ($n rows)"; else not_ok "lineage written"; fi
bad=$(sqlite3 "$T/s.db" "SELECT count(*) FROM lineage WHERE shared < 10 OR shared % 10 != 0
    OR cluster_id NOT IN (SELECT id FROM clusters)")
check "lineage shares are multiples of the threshold, none below it" test "$bad" -eq 0
fresh=$(sqlite3 "$T/s.db" "ATTACH '$T/old.db' AS o;
    SELECT count(*) FROM clusters WHERE id NOT IN (SELECT id FROM o.clusters) AND id <= (SELECT max(id) FROM o.clusters)")
check "fresh ids are above every old one" test "$fresh" -eq 0
check "kleio diff reads the pair" "$KLEIO" diff "$T/old.db" "$T/s.db"
check_grep "diff lists changes" "^(new|gone|grown|shrunk|split|merged|renamed) " "$T/.out"
check "kleio tree reads the new snapshot" "$KLEIO" tree "$T/s.db"

# The same result published again (a threshold-only change reruns privacy) keeps all ids.
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --seed 3 2>/dev/null
cp "$T/s.db" "$T/s3.db"
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" --min-users 6 --min-conversations 10 \
    --leaf-size 40 --seed 3 2>"$T/run4.err"
check_grep "same clusters: every id kept" "publish: ([0-9]+) of \1 clusters kept" "$T/run4.err"
same=$(sqlite3 "$T/s.db" "ATTACH '$T/s3.db' AS o; SELECT count(*) FROM clusters c JOIN o.clusters d
    ON d.id = c.id AND d.level = c.level AND d.conversations = c.conversations")
all=$(sqlite3 "$T/s.db" "SELECT count(*) FROM clusters")
check "same clusters: identical ids" test "$same" -eq "$all"

# One run per work database: a second run while one holds the lock fails, naming it.
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=embed "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --seed 9 2>"$T/hold.err" &
holder=$!
i=0
while ! grep -qs stalling "$T/hold.err" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
# shellcheck disable=SC2086
check_status 1 "a concurrent run is refused" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --seed 9
check_grep "the refusal names the running one" "already running \(kleio run, pid $holder" "$T/.out"
kill -9 "$holder"
wait "$holder" 2>/dev/null
# shellcheck disable=SC2086
check "the lock of a killed run is taken over" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" \
    --min-users 6 --min-conversations 10 --leaf-size 40 --seed 3

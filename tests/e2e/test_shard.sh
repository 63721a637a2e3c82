#!/bin/sh
# test_shard.sh — kleio shard / facets on each shard / kleio merge / run publishes the same
# snapshot as one machine; users live in one shard; shards do not depend on ingest order;
# merge is idempotent, refuses foreign, stale-version, unfinished and damaged shards, and
# resumes after kill -9 with no row written twice.
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 1500 --seed 4 -o "$T/all.jsonl"
R="--min-users 5 --min-conversations 10 --leaf-size 40 --seed 3"
"$KLEIO" ingest -q --work "$T/single.db" "$T/all.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/all.jsonl"
# The same conversations ingested in reverse order, for the order-independence check
# (without the lines ingest dropped as duplicates: which copy it keeps depends on order).
sqlite3 "$T/w.db" "SELECT '{\"id\":\"' || id || '\"' FROM conversations" >"$T/kept.txt"
tac "$T/all.jsonl" | grep -F -f "$T/kept.txt" >"$T/rev.jsonl"
"$KLEIO" ingest -q --work "$T/rev.db" "$T/rev.jsonl"

check "facets on one machine" "$KLEIO" facets --work "$T/single.db"
# shellcheck disable=SC2086
check "run on one machine" "$KLEIO" run --work "$T/single.db" --out "$T/single_s.db" $R

check "shard into 4" "$KLEIO" shard --work "$T/w.db" --shards 4 --out "$T/sh"
check_status 2 "an existing shard is not overwritten" "$KLEIO" shard --work "$T/w.db" --shards 4 --out "$T/sh"
check_grep "…saying so" "shard-0.db exists" "$T/.out"
check_status 2 "--shards 0 is refused" "$KLEIO" shard --work "$T/w.db" --shards 0 --out "$T/x"
total=0
for i in 0 1 2 3; do
    n=$(sqlite3 "$T/sh/shard-$i.db" "SELECT count(*) FROM conversations")
    total=$((total + n))
done
all=$(sqlite3 "$T/w.db" "SELECT count(*) FROM conversations")
check "the shards hold every conversation once ($total of $all)" test "$total" -eq "$all"
shared=$(sqlite3 "$T/sh/shard-0.db" "ATTACH '$T/sh/shard-1.db' AS b; ATTACH '$T/sh/shard-2.db' AS c;
    ATTACH '$T/sh/shard-3.db' AS d;
    SELECT count(*) FROM (SELECT user_id FROM (SELECT DISTINCT user_id FROM main.conversations
      UNION ALL SELECT DISTINCT user_id FROM b.conversations UNION ALL SELECT DISTINCT user_id FROM c.conversations
      UNION ALL SELECT DISTINCT user_id FROM d.conversations) GROUP BY user_id HAVING count(*) > 1)")
check "no user is in two shards" test "$shared" -eq 0

check "shard the reversed ingest" "$KLEIO" shard --work "$T/rev.db" --shards 4 --out "$T/rsh"
rows() { sqlite3 "$1" "SELECT rowid, id, user_id, content_hash FROM conversations ORDER BY rowid"; }
same=0
for i in 0 1 2 3; do
    rows "$T/sh/shard-$i.db" >"$T/a.txt"
    rows "$T/rsh/shard-$i.db" >"$T/b.txt"
    cmp -s "$T/a.txt" "$T/b.txt" && same=$((same + 1))
done
check "a shard's rows do not depend on ingest order ($same of 4 identical)" test "$same" -eq 4

# Merging before facets exist is refused, and writes nothing.
check_status 2 "a shard without facets is refused" "$KLEIO" merge --work "$T/w.db" "$T/sh/shard-0.db"
check_grep "…naming the fix" "have no facets \(run kleio facets --work" "$T/.out"
check "…and nothing was merged" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets")" -eq 0

for i in 0 1 2 3; do
    "$KLEIO" facets --work "$T/sh/shard-$i.db" 2>/dev/null || not_ok "facets on shard $i"
done

# Refusals: a shard of another work database, of another kleio version, damaged.
check_status 2 "a shard of another work database is refused" "$KLEIO" merge --work "$T/w.db" "$T/rsh/shard-0.db"
check_grep "…saying so" "a shard of another work database" "$T/.out"
cp "$T/sh/shard-1.db" "$T/old.db"
sqlite3 "$T/old.db" "UPDATE shard_info SET value = '0.0.1' WHERE key = 'code_version'"
check_status 2 "a shard of another kleio version is refused" "$KLEIO" merge --work "$T/w.db" "$T/old.db"
check_grep "…saying so" "written by kleio 0.0.1" "$T/.out"
cp "$T/sh/shard-1.db" "$T/cut.db"
sqlite3 "$T/cut.db" "DELETE FROM conversations WHERE rowid = 1"
check_status 2 "a shard missing a conversation is refused" "$KLEIO" merge --work "$T/w.db" "$T/cut.db"
check_grep "…by its counts" "conversations where the split wrote" "$T/.out"
check "refused shards wrote nothing" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets")" -eq 0

# kill -9 while the second shard's transaction is open: the first stays, the second is
# rolled back, and the rerun finishes without writing a row twice.
sqlite3 "$T/w.db" ".backup '$T/before.db'"
KLEIO_TEST_STALL_STAGE=merge:2 "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db 2>"$T/kill.err" &
pid=$!
i=0
while ! grep -qs "merge:2: stalling" "$T/kill.err" && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
n0=$(sqlite3 "$T/sh/shard-0.db" "SELECT count(*) FROM conversations")
check "killed mid-merge: the finished shard is kept, the open one rolled back" \
    test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets")" -eq "$n0"
check "…and the work database is intact" test "$(sqlite3 "$T/w.db" "PRAGMA integrity_check")" = ok
check "merge resumes" "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db
check_grep "…skipping the shard already merged" "shard-0.db: already merged" "$T/.out"
check "every conversation has facets" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets")" -eq "$all"
check "raw text is dropped as facets would" test "$(sqlite3 "$T/w.db" "SELECT count(raw) FROM conversations")" -eq 0
check "merging again is a no-op" "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db
check "…same facets count" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets")" -eq "$all"
# Forgetting the ledger: the rows are there already, none is written twice.
sqlite3 "$T/w.db" "DELETE FROM shard_merged"
check "a merge without its ledger" "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db
check_grep "…adds nothing" "shard-3.db: [0-9]+ conversations, 0 facets added" "$T/.out"

# The merged facets are the one-machine facets, and so is the snapshot.
diffs=$(sqlite3 "$T/single.db" "ATTACH '$T/w.db' AS w; SELECT count(*) FROM facets f
    JOIN conversations c ON c.rowid = f.conv JOIN w.conversations wc ON wc.id = c.id
    JOIN w.facets g ON g.conv = wc.rowid WHERE f.lang IS NOT g.lang OR f.summary IS NOT g.summary
    OR f.refused IS NOT g.refused OR f.concern IS NOT g.concern OR f.task IS NOT g.task
    OR f.turns IS NOT g.turns")
check "merged facets equal one machine's ($diffs differ)" test "$diffs" -eq 0
# shellcheck disable=SC2086
check "run on the merged work database" "$KLEIO" run --work "$T/w.db" --out "$T/merged_s.db" $R
dump() {
    for t in clusters languages cluster_lang cluster_time lineage; do
        sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2"
    done
    sqlite3 "$1" "SELECT key, value FROM meta WHERE key NOT IN ('created_at', 'work_db') ORDER BY key"
}
dump "$T/single_s.db" >"$T/single.txt"
dump "$T/merged_s.db" >"$T/merged.txt"
check "the sharded snapshot equals the one-machine snapshot" cmp "$T/single.txt" "$T/merged.txt"

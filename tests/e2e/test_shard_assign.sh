#!/bin/sh
# test_shard_assign.sh — fit on a sample, assign everywhere: kleio shard --fit-sample is
# seeded and user-balanced; kleio assign on each shard then merge gives exactly the leaves a
# one-machine kleio assign gives with the same fitted model; run --incremental publishes
# every conversation; the leaves agree with a full fit (NMI); merge refuses shards assigned
# with another model or left unassigned.
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 2400 --seed 5 -o "$T/all.jsonl"
R="--min-users 5 --min-conversations 10 --k 30 --seed 3"
for w in w one full; do "$KLEIO" ingest -q --work "$T/$w.db" "$T/all.jsonl"; done
all=$(sqlite3 "$T/w.db" "SELECT count(*) FROM conversations")
# shellcheck disable=SC2086
check "full fit on one machine" "$KLEIO" run --work "$T/full.db" --out "$T/full_s.db" $R

check "shard into 3" "$KLEIO" shard --work "$T/w.db" --shards 3 --out "$T/sh"
for i in 0 1 2; do "$KLEIO" facets --work "$T/sh/shard-$i.db" 2>/dev/null; done
check "merge the facets" "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db
# A full run's leaves in the work database are replaced by the shards', never mixed in.
# shellcheck disable=SC2086
check "a full run on the merged work database first" "$KLEIO" run --work "$T/w.db" --out "$T/w_full_s.db" $R

check_status 2 "--shards and --fit-sample together are refused" \
    "$KLEIO" shard --work "$T/w.db" --shards 2 --fit-sample 10 --out "$T/x.db"
check "a sample of 1200" "$KLEIO" shard --work "$T/w.db" --fit-sample 1200 --seed 7 --out "$T/fit.db"
check "the same seed gives the same sample" "$KLEIO" shard --work "$T/w.db" --fit-sample 1200 --seed 7 --out "$T/fit2.db"
a=$(sqlite3 "$T/fit.db" "SELECT group_concat(id) FROM (SELECT id FROM conversations ORDER BY id)")
b=$(sqlite3 "$T/fit2.db" "SELECT group_concat(id) FROM (SELECT id FROM conversations ORDER BY id)")
check "…identical ids" test "$a" = "$b"
check "another seed, another sample" "$KLEIO" shard --work "$T/w.db" --fit-sample 1200 --seed 8 --out "$T/fit3.db"
c=$(sqlite3 "$T/fit3.db" "SELECT group_concat(id) FROM (SELECT id FROM conversations ORDER BY id)")
check "…different ids" test "$a" != "$c"
check "the sample carries the facets" test "$(sqlite3 "$T/fit.db" "SELECT count(*) FROM facets")" -eq 1200
# User-balanced: no user gives more than one conversation beyond the fewest a sampled user
# could give in a round-robin (every user has its k-th before anyone its k+1-th).
unbal=$(sqlite3 "$T/w.db" "ATTACH '$T/fit.db' AS f;
    WITH per AS (SELECT c.user_id, count(*) AS n FROM f.conversations c GROUP BY c.user_id),
         tot AS (SELECT user_id, count(*) AS n FROM main.conversations GROUP BY user_id),
         r AS (SELECT max(p.n) AS top FROM per p)
    SELECT count(*) FROM tot LEFT JOIN per USING (user_id), r
    WHERE coalesce(per.n, 0) < min(tot.n, r.top - 1)")
check "the sample is user-balanced ($unbal users short of their turn)" test "$unbal" -eq 0
check_status 2 "merge refuses the sample as a shard" "$KLEIO" merge --work "$T/w.db" "$T/fit.db"

check_status 2 "assign refuses a model without a fit" "$KLEIO" assign --work "$T/sh/shard-0.db" --model "$T/fit.db"
check_grep "…saying so" "no fitted model" "$T/.out"
# shellcheck disable=SC2086
check "fit on the sample" "$KLEIO" run --work "$T/fit.db" --out "$T/fit_s.db" $R
# Shards are assigned at once from one model file: assign only reads the model, so another
# process holding its write lock (here for longer than the 10 s busy timeout) stops no one.
(echo "BEGIN IMMEDIATE;"; sleep 13; echo "COMMIT;") | sqlite3 "$T/fit.db" &
holder=$!
sleep 1
check "assign shard 0 while another process holds the model's write lock" \
    "$KLEIO" assign --work "$T/sh/shard-0.db" --model "$T/fit.db" --seed 3 --threads 1
wait "$holder"
check "assign shard 1" "$KLEIO" assign --work "$T/sh/shard-1.db" --model "$T/fit.db" --seed 3
check_grep "…a fresh shard says its drift is not measured" "drift not measured" "$T/.out"
check_status 2 "merge refuses a shard left unassigned… (shard 2 has facets only: skipped; a partial one is refused)" \
    sh -c "cp '$T/sh/shard-1.db' '$T/part.db' && sqlite3 '$T/part.db' 'DELETE FROM run_assign WHERE conv = 1' &&
           '$KLEIO' merge --work '$T/w.db' '$T/part.db'"
check_grep "…naming the fix" "have no leaf \(run kleio assign" "$T/.out"
check "assign shard 2" "$KLEIO" assign --work "$T/sh/shard-2.db" --model "$T/fit.db" --seed 3
check "merge the leaves" "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db
check "every conversation has one leaf" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM run_assign")" -eq "$all"
check "merging again adds none" "$KLEIO" merge --work "$T/w.db" "$T"/sh/shard-*.db
check_grep "…and says so" "shard-2.db: 0 leaf assignments added" "$T/.out"

# A shard assigned with another fitted model is refused.
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/fit3.db" --out "$T/fit3_s.db" $R
cp "$T/sh/shard-0.db" "$T/other.db"
"$KLEIO" assign --work "$T/other.db" --model "$T/fit3.db" --seed 3 2>/dev/null
check_status 2 "a shard assigned with another model is refused" sh -c \
    "'$KLEIO' merge --work '$T/w.db' '$T/other.db'"
check_grep "…saying so" "assigned with another fitted model" "$T/.out"

# The same fitted model on one machine gives the very same leaves, whatever the threads.
"$KLEIO" facets --work "$T/one.db" 2>/dev/null
check_status 2 "assign refuses --threads 0" "$KLEIO" assign --work "$T/one.db" --model "$T/fit.db" --threads 0
check_grep "…saying why" "threads must be a whole number from 1 to 64" "$T/.out"
check "one-machine assign (3 threads; shard 0 had 1)" "$KLEIO" assign --work "$T/one.db" --model "$T/fit.db" --seed 3 --threads 3
leaves() { sqlite3 "$1" "SELECT c.id, a.leaf FROM run_assign a JOIN conversations c ON c.rowid = a.conv ORDER BY c.id"; }
leaves "$T/w.db" >"$T/sharded.txt"
leaves "$T/one.db" >"$T/one.txt"
check "sharded leaves equal one machine's with the same centroids" cmp "$T/sharded.txt" "$T/one.txt"

check "install the fit on the whole work database" "$KLEIO" assign --work "$T/w.db" --model "$T/fit.db" --seed 3
check_grep "…keeping the merged leaves" "assign: 0 new conversations" "$T/.out"
# shellcheck disable=SC2086
check "publish from the aggregates" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --incremental
check "every conversation is counted" \
    test "$(sqlite3 "$T/s.db" "SELECT value FROM meta WHERE key = 'input_conversations'")" -eq "$all"
bad=$(sqlite3 "$T/s.db" "SELECT count(*) FROM clusters WHERE users < 5 OR conversations < 10")
check "thresholds hold" test "$bad" -eq 0
check "kleio tree reads it" "$KLEIO" tree "$T/s.db"

# Agreement with the full fit (same k): NMI of the two leaf assignments.
"$KLEIO" export assignments --work "$T/full.db" -o "$T/full.tsv"
"$KLEIO" export assignments --work "$T/w.db" -o "$T/sample.tsv"
awk -F'\t' 'NR == 1 { print "id\tintent"; next } { print $1 "\t" $2 }' "$T/full.tsv" >"$T/labels.tsv"
score=$("$KLEIO_BUILD/tests/tools/score_assignments" "$T/labels.tsv" "$T/sample.tsv")
echo "# sample-fitted vs full fit: $score"
nmi=$(echo "$score" | sed -n 's/.*nmi=\([0-9.]*\).*/\1/p')
check "leaves agree with the full fit (NMI $nmi >= 0.75)" awk -v x="$nmi" 'BEGIN { exit !(x >= 0.75) }'

#!/bin/sh
# test_incremental.sh — kleio run --incremental: new conversations join the stored leaves
# without re-clustering, every aggregate is recounted, ids stay, drift is reported; it
# refuses without a full run to extend.
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 2400 --seed 3 -o "$T/all.jsonl"
head -n 2000 "$T/all.jsonl" >"$T/a.jsonl"
tail -n 400 "$T/all.jsonl" >"$T/b.jsonl"
R="--min-users 5 --min-conversations 10 --leaf-size 40 --seed 3"
"$KLEIO" ingest -q --work "$T/w.db" "$T/a.jsonl"
# shellcheck disable=SC2086
check_status 2 "--incremental without a full run is refused" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --incremental
check_grep "…saying why" "run kleio run without --incremental first" "$T/.out"
# shellcheck disable=SC2086
check "full run" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R
check_grep "a multilingual corpus is centred per language" "embed: .*centred per language" "$T/.out"
langs=$(sqlite3 "$T/w.db" "SELECT count(DISTINCT lang) FROM facets")
check "one stored mean per language ($langs)" \
    test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM run_embed_centre")" -eq "$langs"
cp "$T/s.db" "$T/old.db"
"$KLEIO" ingest -q --work "$T/w.db" "$T/b.jsonl"
# shellcheck disable=SC2086
check "incremental run" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --incremental
cp "$T/.out" "$T/incr.err"
check_grep "new conversations assigned, drift reported" "assign: 400 new conversations assigned to [0-9]+ leaves; drift [0-9.]+%" "$T/incr.err"
check_no_grep "no re-clustering" "^kleio: (embed|cluster|hierarchy|name|layout): " "$T/incr.err"
check_no_grep "in-distribution data: no recompute advised" "full recompute" "$T/incr.err"
check_grep "every id kept" "publish: ([0-9]+) of \1 clusters kept" "$T/incr.err"
check "kleio tree reads it" "$KLEIO" tree "$T/s.db"
old=$(sqlite3 "$T/old.db" "SELECT value FROM meta WHERE key = 'input_conversations'")
new=$(sqlite3 "$T/s.db" "SELECT value FROM meta WHERE key = 'input_conversations'")
check "input count grew by 400 ($old -> $new)" test "$new" -eq $((old + 400))
tot_old=$(sqlite3 "$T/old.db" "SELECT sum(conversations) FROM clusters WHERE level = 0")
tot_new=$(sqlite3 "$T/s.db" "SELECT sum(conversations) FROM clusters WHERE level = 0")
check "top-level counts grew ($tot_old -> $tot_new)" test "$tot_new" -gt "$tot_old"
same=$(sqlite3 "$T/s.db" "ATTACH '$T/old.db' AS o; SELECT count(*) FROM clusters c JOIN o.clusters d
    ON d.id = c.id AND d.name = c.name AND d.level = c.level")
all=$(sqlite3 "$T/old.db" "SELECT count(*) FROM clusters WHERE is_other = 0")
check "the old named clusters are all still there, same ids and names" test "$same" -ge "$all"
bad=$(sqlite3 "$T/s.db" "SELECT count(*) FROM clusters WHERE users < 5 OR conversations < 10")
check "thresholds still hold" test "$bad" -eq 0
n=$(sqlite3 "$T/w.db" "SELECT count(*) FROM run_assign")
check "every conversation has a leaf" test "$n" -eq 2400
params=$(sqlite3 "$T/s.db" "SELECT value FROM meta WHERE key = 'params'")
k=$(sqlite3 "$T/s.db" "SELECT json_extract(value, '$.k') FROM meta WHERE key = 'params'")
leaf=$(sqlite3 "$T/s.db" "SELECT json_extract(value, '$.leaf_size') FROM meta WHERE key = 'params'")
check "params say incremental ($params)" test "$(sqlite3 "$T/s.db" "SELECT json_extract(value, '$.incremental') FROM meta WHERE key = 'params'")" = 1
check "params give the stored leaves' mean size, not the command line's" test "$leaf" -eq $(((2400 + k / 2) / k))
# Nothing new: the rerun publishes nothing new.
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --incremental 2>"$T/again.err"
check_grep "nothing new: snapshot up to date" "publish: .* is up to date" "$T/again.err"
# A full run afterwards recomputes everything over all 2400.
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R 2>"$T/full.err"
check_grep "a full run reclusters" "^kleio: cluster: .*leaves" "$T/full.err"
# Requests unlike anything clustered (household commands, written here) are far from every
# leaf: the incremental run assigns them anyway and advises a full recompute.
awk 'BEGIN {
    n = split("wake me at %|alarm at %|kitchen lights off at %|play jazz at %|" \
              "feed the cat at %|start the vacuum at %", T, "|")
    for (i = 0; i < 300; i++) {
        t = T[i % n + 1]; sub("%", (int(i / 60) + 1) ":" sprintf("%02d", i % 60), t)
        printf "{\"id\":\"home-%d\",\"user_id\":\"home-user-%d\",\"timestamp\":\"2026-03-01T00:00:00Z\",", i, i % 60
        printf "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}\n", t
    }
}' >"$T/home.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/home.jsonl"
# shellcheck disable=SC2086
check "incremental run over off-topic requests" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $R --incremental
check_grep "drift beyond the advice line is reported" "assign: 300 new conversations assigned to [0-9]+ leaves; drift" "$T/.out"
check_grep "…with a full-recompute recommendation" "run a full recompute" "$T/.out"

#!/bin/sh
# test_stale_wal.sh — a new database file never takes the -wal or -shm a deleted database of
# the same name left behind: SQLite would replay that log into the new file (its pages over
# the new ones). Covers kleio shard --fit-sample (renamed into place), kleio shard --shards
# and kleio ingest (created in place).
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 300 --seed 2 -o "$T/all.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/all.jsonl"
all=$(sqlite3 "$T/w.db" "SELECT count(*) FROM conversations")

# A log with a committed page 1 of another schema, kept while its database was open.
sqlite3 "$T/old.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
CREATE TABLE stale(x);
INSERT INTO stale VALUES('an old database');
.system cp "$T/old.db-wal" "$T/saved-wal"
SQL
check "a stale log was saved" test -s "$T/saved-wal"

stale_beside() { cp "$T/saved-wal" "$1-wal"; cp "$T/saved-wal" "$1-shm"; }
tables() { sqlite3 "$1" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE name = 'stale')"; }

stale_beside "$T/fit.db"
check "shard --fit-sample with a stale log beside its --out" \
    "$KLEIO" shard --work "$T/w.db" --fit-sample 100 --seed 3 --out "$T/fit.db"
check "…the sample is whole" test "$(sqlite3 "$T/fit.db" "SELECT count(*) FROM conversations")" -eq 100
check "…and holds nothing of the old database" test -z "$(tables "$T/fit.db")"

mkdir -p "$T/sh"
stale_beside "$T/sh/shard-1.db"
check "shard --shards with a stale log beside a shard" \
    "$KLEIO" shard --work "$T/w.db" --shards 2 --out "$T/sh"
n0=$(sqlite3 "$T/sh/shard-0.db" "SELECT count(*) FROM conversations")
n1=$(sqlite3 "$T/sh/shard-1.db" "SELECT count(*) FROM conversations")
check "…the shards hold every conversation ($n0 + $n1 of $all)" test "$((n0 + n1))" -eq "$all"
check "…and nothing of the old database" test -z "$(tables "$T/sh/shard-1.db")"

stale_beside "$T/w2.db"
check "ingest into a new work database with a stale log beside it" \
    "$KLEIO" ingest -q --work "$T/w2.db" "$T/all.jsonl"
check "…every conversation is in it" \
    test "$(sqlite3 "$T/w2.db" "SELECT count(*) FROM conversations")" -eq "$all"
check "…and nothing of the old database" test -z "$(tables "$T/w2.db")"

#!/bin/sh
# Each way a file can fail to be a snapshot: one line naming the file and cause, status 2.
. "$KLEIO_ROOT/tests/lib.sh"

expect_bad() { # name file cause-regex
    "$KLEIO" tree "$2" >"$T/out" 2>"$T/err"
    status=$?
    lines=$(wc -l <"$T/err")
    if [ "$status" -eq 2 ] && [ "$lines" -eq 1 ] && grep -Eq -- "$2: .*$3" "$T/err"; then
        ok "$1"
    else
        not_ok "$1" "status $status, stderr: $(cat "$T/err")"
    fi
}

expect_bad "missing file" "$T/nope.db" "no such file"
mkdir "$T/dir.db"
expect_bad "directory" "$T/dir.db" "is a directory"
printf 'this is plain text, not a database at all, but long enough to look like one......\n%.0s' $(seq 1 100) >"$T/text.db"
expect_bad "not SQLite" "$T/text.db" "not a SQLite database"
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1);"
expect_bad "another SQLite file" "$T/other.db" "not a kleio snapshot"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version=99;"
expect_bad "newer schema version" "$T/newer.db" "schema version 99 is newer"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/trunc.db"
size=$(wc -c <"$T/trunc.db")
head -c $((size / 2)) "$T/trunc.db" >"$T/trunc2.db"
expect_bad "truncated file" "$T/trunc2.db" "corrupted or truncated"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/corrupt.db"
# Overwrite the middle pages with garbage, keeping the header intact.
dd if=/dev/urandom of="$T/corrupt.db" bs=1024 seek=2 count=4 conv=notrunc 2>/dev/null
expect_bad "corrupted file" "$T/corrupt.db" "(corrupted or truncated|not a SQLite database|malformed)"
: >"$T/empty.db"
expect_bad "empty file" "$T/empty.db" "empty file"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/partial.db"
sqlite3 "$T/partial.db" "DROP TABLE cluster_time;"
expect_bad "snapshot missing a table" "$T/partial.db" "table cluster_time missing"

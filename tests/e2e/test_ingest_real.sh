#!/bin/sh
# kleio ingest on the real labelled sets in ../shared/data: every record stored, none
# rejected, ids and users kept, a second run adds nothing.
. "$KLEIO_ROOT/tests/lib.sh"
DATA="$KLEIO_ROOT/../shared/data"
if [ ! -d "$DATA" ]; then
    echo "ok 1 - real data # SKIP $DATA is absent"
    exit 0
fi
W="$T/real.db"
for set in hwu64 arena-hard polyrefuse; do
    f=$(ls "$DATA/$set"/conversations.jsonl* 2>/dev/null | head -1)
    if [ -z "$f" ]; then ok "$set # SKIP not in $DATA"; continue; fi
    want=$(case "$f" in *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac | grep -c .)
    "$KLEIO" ingest --work "$W" "$f" 2>"$T/$set.raw"
    st=$?
    sed 's/\([0-9]\),\([0-9]\)/\1\2/g' "$T/$set.raw" >"$T/$set.err"
    [ $st -eq 0 ] && ok "$set: status 0" || not_ok "$set: status" "status $st: $(tail -2 "$T/$set.err")"
    check_grep "$set: all $want records ingested, none rejected" \
        "ingest: $want ingested, 0 duplicates, 0 rejected" "$T/$set.err"
done
[ "$(sqlite3 "$W" "SELECT count(*) FROM conversations WHERE id LIKE 'h-%' OR user_id LIKE 'anon-%'")" = 0 ] &&
    ok "given ids and user ids kept" || not_ok "given ids and user ids kept"
[ "$(sqlite3 "$W" "SELECT count(*) FROM conversations WHERE ts IS NULL")" = 0 ] &&
    ok "every timestamp parsed" || not_ok "every timestamp parsed"
n=$(sqlite3 "$W" "SELECT count(*) FROM conversations")
"$KLEIO" ingest --work "$W" "$DATA/hwu64"/conversations.jsonl* 2>"$T/again.err"
[ "$(sqlite3 "$W" "SELECT count(*) FROM conversations")" = "$n" ] && ok "second run adds nothing" || not_ok "second run adds nothing"

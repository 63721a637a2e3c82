#!/bin/sh
# kleio diff: new, gone, grown, split, merged, renamed, refusal moves.
. "$KLEIO_ROOT/tests/lib.sh"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/old.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small_next.sql" "$T/new.db"
"$KLEIO" diff "$T/old.db" "$T/new.db" >"$T/d.txt" 2>&1
check_grep "new cluster" '^new +10  Dangerous requests' "$T/d.txt"
check_grep "gone cluster, with where it went" '^gone +2  Harmful requests .*went to 10' "$T/d.txt"
check_grep "grown cluster" '^grown +1  Software development .*600 -> 900 \(\+50%\)' "$T/d.txt"
check_grep "renamed cluster" '^renamed +3  Debugging Python programs .*was "Python debugging"' "$T/d.txt"
check_grep "refusal moved beyond the interval" '^refusal +4  Web front-end work .*8\.3% -> 24\.0%' "$T/d.txt"
check_grep "split" '^split +6  Malware creation .*split into 6, 9' "$T/d.txt"
check_grep "merged" '^merged +11  Python errors .*merged from 7, 8' "$T/d.txt"
check_no_grep "small refusal change is not reported" '^refusal +3 ' "$T/d.txt"
check_grep "summary line" '^3 new, 4 gone, 1 grown, 1 shrunk, 1 split, 1 merged, 1 renamed, 1 refusal changes$' "$T/d.txt"
"$KLEIO" diff "$T/old.db" "$T/old.db" >"$T/same.txt"
check_grep "a snapshot against itself has no changes" '^0 new, 0 gone, 0 grown, 0 shrunk, 0 split, 0 merged, 0 renamed, 0 refusal changes$' "$T/same.txt"
"$KLEIO" diff --format json "$T/old.db" "$T/new.db" >"$T/d.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["merged"]==1 and any(c["change"]=="split" and c["id"]==6 for c in d["changes"])' "$T/d.json"; then ok "json output"; else not_ok "json output"; fi
check_status 2 "a bad snapshot is refused" "$KLEIO" diff "$T/old.db" "$T/missing.db"
check_status 2 "two arguments are required" "$KLEIO" diff "$T/old.db"

#!/bin/sh
# kleio ingest: every input shape, gzip, stdin, idempotence, strict mode, stored rows kept.
. "$KLEIO_ROOT/tests/lib.sh"
F="$KLEIO_ROOT/tests/fixtures/ingest"
q() { sqlite3 "$1" "$2"; }

# --- one test per shape ---------------------------------------------------------------
for shape in kleio openai anthropic sharegpt; do
    W="$T/$shape.db"
    check_status 0 "$shape: ingests" "$KLEIO" ingest --work "$W" "$F/$shape.jsonl"
    n=$(q "$W" "SELECT count(*) FROM conversations")
    [ "$n" = 3 ] && ok "$shape: three conversations stored" || not_ok "$shape: three conversations stored" "got $n"
    bad=$(q "$W" "SELECT count(*) FROM conversations WHERE json_valid(raw) = 0 OR user_turns < 1
                  OR n_messages <> json_array_length(raw)
                  OR EXISTS (SELECT 1 FROM json_each(raw) m WHERE json_extract(m.value, '\$.role') NOT IN ('user','assistant','system','tool')
                             OR json_type(m.value, '\$.content') <> 'text')")
    [ "$bad" = 0 ] && ok "$shape: raw is normalised messages with string content" || not_ok "$shape: raw normalised" "$bad bad rows"
done

W="$T/kleio.db"
[ "$(q "$W" "SELECT user_id || ' ' || org_id || ' ' || ts FROM conversations WHERE id='k-1'")" = "u-1 o-1 1772366400" ] &&
    ok "kleio: ids, org and ISO timestamp" || not_ok "kleio: ids, org and ISO timestamp" "$(q "$W" "SELECT * FROM conversations WHERE id='k-1'")"
[ "$(q "$W" "SELECT ts FROM conversations WHERE id='k-2'")" = 1772436600 ] &&
    ok "kleio: timestamp with offset and fraction" || not_ok "kleio: timestamp with offset"
[ "$(q "$W" "SELECT json_extract(raw, '\$[0].content') FROM conversations WHERE id='k-2'")" = "Traduis « bonjour » en allemand." ] &&
    ok "kleio: content parts flattened" || not_ok "kleio: content parts flattened"
[ "$(q "$W" "SELECT ts FROM conversations WHERE id='k-3'")" = 1772524800 ] &&
    ok "kleio: epoch timestamp" || not_ok "kleio: epoch timestamp"

W="$T/openai.db"
[ "$(q "$W" "SELECT json_group_array(json_extract(m.value, '\$.role')) FROM conversations, json_each(raw) m WHERE conversations.id='oa-1'")" = '["system","user","assistant","tool","assistant"]' ] &&
    ok "openai: system and tool turns kept" || not_ok "openai: system and tool turns kept"
q "$W" "SELECT raw FROM conversations WHERE id='oa-1'" >"$T/oa1"
check_grep "openai: tool call rendered" 'tool call get_weather' "$T/oa1"
[ "$(q "$W" "SELECT user_id || ' ' || ts FROM conversations WHERE id='oa-1'")" = "u-10 1772611200" ] &&
    ok "openai: user field and epoch string" || not_ok "openai: user field and epoch string"
[ "$(q "$W" "SELECT count(*) FROM conversations WHERE id LIKE 'h-%' AND user_id = 'anon-' || id")" = 2 ] &&
    ok "openai: missing id and user → hash id, own user" || not_ok "openai: missing id and user"
[ "$(q "$W" "SELECT count(*) FROM conversations WHERE raw LIKE '%I can''t help with that.%'")" = 1 ] &&
    ok "openai: refusal part kept as text" || not_ok "openai: refusal part kept as text"

W="$T/anthropic.db"
[ "$(q "$W" "SELECT json_extract(raw, '\$[0].role') || ':' || json_extract(raw, '\$[0].content') FROM conversations WHERE id='an-1'")" = "system:You are concise." ] &&
    ok "anthropic: top-level system becomes the first turn" || not_ok "anthropic: top-level system"
[ "$(q "$W" "SELECT json_group_array(json_extract(m.value, '\$.role')) FROM conversations, json_each(raw) m WHERE conversations.id='an-2'")" = '["system","user","assistant","tool","assistant"]' ] &&
    ok "anthropic: tool_result turn is a tool turn" || not_ok "anthropic: tool_result turn"
[ "$(q "$W" "SELECT user_turns FROM conversations WHERE id='an-2'")" = 1 ] &&
    ok "anthropic: tool results are not user turns" || not_ok "anthropic: user turns"
[ "$(q "$W" "SELECT count(*) FROM conversations WHERE raw LIKE '%multiply%' OR raw LIKE '%iVBOR%'")" = 0 ] &&
    ok "anthropic: thinking and image data not stored" || not_ok "anthropic: thinking and image data"

W="$T/sharegpt.db"
[ "$(q "$W" "SELECT json_group_array(json_extract(m.value, '\$.role')) FROM conversations, json_each(raw) m WHERE conversations.id='sg-2'")" = '["user","assistant","user","assistant"]' ] &&
    ok "sharegpt: human/gpt mapped to user/assistant" || not_ok "sharegpt: roles"
[ "$(q "$W" "SELECT user_turns FROM conversations WHERE id='sg-2'")" = 2 ] && ok "sharegpt: user turns counted" || not_ok "sharegpt: user turns"

# --- idempotence, gzip, stdin -----------------------------------------------------------
W="$T/all.db"
"$KLEIO" ingest --work "$W" "$F"/*.jsonl 2>"$T/first.err"
check_grep "summary: ingested, duplicates, rejected" 'ingest: 12 ingested, 0 duplicates, 0 rejected' "$T/first.err"
q "$W" "SELECT id, content_hash, raw FROM conversations ORDER BY id" >"$T/before.txt"
"$KLEIO" ingest --work "$W" "$F"/*.jsonl 2>"$T/second.err"
check_status 0 "idempotent: second run succeeds" "$KLEIO" ingest --work "$W" "$F/kleio.jsonl"
check_grep "idempotent: second run adds nothing" 'ingest: 0 ingested, 12 duplicates, 0 rejected' "$T/second.err"
q "$W" "SELECT id, content_hash, raw FROM conversations ORDER BY id" >"$T/after.txt"
check "idempotent: rows unchanged" cmp "$T/before.txt" "$T/after.txt"

gzip -c "$F/openai.jsonl" >"$T/openai.jsonl.gz"
gzip -c "$F/sharegpt.jsonl" >"$T/sharegpt-no-extension"
W="$T/gz.db"
check_status 0 "gzip: .gz file ingests" "$KLEIO" ingest --work "$W" "$T/openai.jsonl.gz"
check_status 0 "gzip: detected by magic bytes, not by name" "$KLEIO" ingest --work "$W" "$T/sharegpt-no-extension"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 6 ] && ok "gzip: all conversations stored" || not_ok "gzip: all stored"
"$KLEIO" ingest --work "$W" "$F/openai.jsonl" 2>"$T/gzdup.err"
check_grep "gzip: same conversations as the plain file" '0 ingested, 3 duplicates' "$T/gzdup.err"
gzip -c "$F/kleio.jsonl" | head -c 200 >"$T/cut.gz"
check_status 2 "gzip: truncated file is an error" "$KLEIO" ingest --work "$W" "$T/cut.gz"
"$KLEIO" ingest --work "$W" "$T/cut.gz" 2>"$T/cut.err"
check_grep "gzip: truncation reported with file and line" 'cut\.gz:[0-9]+: .*gzip' "$T/cut.err"

{ gzip -c "$F/kleio.jsonl"; gzip -c "$F/anthropic.jsonl"; } >"$T/two-members.gz"
W="$T/members.db"
check_status 0 "gzip: concatenated members (cat a.gz b.gz)" "$KLEIO" ingest --work "$W" "$T/two-members.gz"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 6 ] && ok "gzip: every member read" || not_ok "gzip: every member read"
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); d[len(d)//2:len(d)//2+40]=b"\xff"*40; open(sys.argv[2],"wb").write(d)' "$T/openai.jsonl.gz" "$T/corrupt.gz"
"$KLEIO" ingest --work "$T/corrupt.db" "$T/corrupt.gz" 2>"$T/corrupt.err"
check_grep "gzip: corrupt data reported" 'corrupt\.gz:[0-9]+: corrupt gzip data' "$T/corrupt.err"

W="$T/stdin.db"
check_status 0 "stdin: - reads standard input" sh -c "cat '$F/kleio.jsonl' | '$KLEIO' ingest --work '$W' -"
check_status 0 "stdin: gzip on standard input" sh -c "gzip -c '$F/anthropic.jsonl' | '$KLEIO' ingest --work '$W'"
[ "$(q "$W" "SELECT count(*) FROM conversations WHERE source LIKE '<stdin>:%'")" = 6 ] &&
    ok "stdin: rows stored with source <stdin>:LINE" || not_ok "stdin: source" "$(q "$W" "SELECT source FROM conversations")"
[ "$(q "$W" "SELECT source FROM conversations WHERE id='k-2'")" = "<stdin>:2" ] && ok "stdin: line number kept" || not_ok "stdin: line number"

# --- bad lines, strict mode, several files ----------------------------------------------
good1='{"id":"s-1","messages":[{"role":"user","content":"first"}]}'
good3='{"id":"s-3","messages":[{"role":"user","content":"third"}]}'
printf '%s\n{"id":"s-2","messages":[\n%s\n' "$good1" "$good3" >"$T/mixed.jsonl"
W="$T/strict.db"
check_status 2 "strict: stops with status 2" "$KLEIO" ingest --work "$W" --strict "$T/mixed.jsonl" "$F/kleio.jsonl"
"$KLEIO" ingest --work "$W" --strict "$T/mixed.jsonl" 2>"$T/strict.err"
check_grep "strict: names file and line" 'mixed\.jsonl:2: invalid JSON' "$T/strict.err"
[ "$(q "$W" "SELECT group_concat(id) FROM conversations")" = "s-1" ] &&
    ok "strict: rows before the bad line stay committed, nothing after" || not_ok "strict: committed rows" "$(q "$W" "SELECT group_concat(id) FROM conversations")"
W="$T/lenient.db"
check_status 0 "lenient: bad line skipped, status 0" "$KLEIO" ingest --work "$W" "$T/mixed.jsonl" "$F/kleio.jsonl"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 5 ] && ok "lenient: the rest of the file and the next file ingest" || not_ok "lenient: rest ingests"

head -c 4096 /dev/zero >"$T/zeros.bin"
W="$T/after-bad.db"
"$KLEIO" ingest --work "$W" "$T/zeros.bin" "$F/sharegpt.jsonl" 2>"$T/afterbad.err"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 3 ] && ok "a file after a bad file still ingests" || not_ok "file after bad file"
check_grep "bad file reported" 'zeros\.bin:1: binary data' "$T/afterbad.err"
check_status 2 "input with no usable line: status 2" "$KLEIO" ingest --work "$W" "$T/zeros.bin"
check_status 2 "missing file: status 2" "$KLEIO" ingest --work "$W" "$T/nope.jsonl" "$F/kleio.jsonl"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 6 ] && ok "missing file: the other files still ingest" || not_ok "missing file: others ingest"
"$KLEIO" ingest --work "$W" "$T/nope.jsonl" 2>"$T/nope.err"
check_grep "missing file: named with its cause" 'nope\.jsonl: No such file' "$T/nope.err"

i=0; : >"$T/many.jsonl"
while [ $i -lt 30 ]; do echo '{"broken":' >>"$T/many.jsonl"; i=$((i + 1)); done
echo "$good1" >>"$T/many.jsonl"
printf '\n   \n\r\n' >>"$T/many.jsonl"
"$KLEIO" ingest --work "$T/many.db" --max-errors 5 "$T/many.jsonl" 2>"$T/many.err"
[ "$(grep -c '^.*many\.jsonl:[0-9]*: ' "$T/many.err")" = 5 ] && ok "message cap: first 5 printed" || not_ok "message cap" "$(cat "$T/many.err")"
check_grep "message cap: the rest counted" '25 more problem lines not shown' "$T/many.err"
check_grep "summary: rejected by cause" '1 ingested, 0 duplicates, 30 rejected \(30 invalid JSON\)' "$T/many.err"
check_no_grep "blank lines skipped silently" 'many\.jsonl:3[2-4]:' "$T/many.err"

# --- what is stored is never lost -------------------------------------------------------
W="$T/keep.db"
"$KLEIO" ingest --work "$W" "$F/kleio.jsonl" "$F/anthropic.jsonl" 2>/dev/null
q "$W" "SELECT id, user_id, content_hash, raw, source FROM conversations ORDER BY rowid" >"$T/keep-before.txt"
sed 's/Python/Rust/' "$F/kleio.jsonl" >"$T/changed.jsonl"
echo '{"id":"new-1","messages":[{"role":"user","content":"new"}]}' >>"$T/changed.jsonl"
check_status 0 "conflicting ids: run succeeds" "$KLEIO" ingest --work "$W" "$T/changed.jsonl"
"$KLEIO" ingest --work "$W" "$T/changed.jsonl" 2>"$T/changed.err"
check_grep "conflicting ids: reported" "changed\.jsonl:1: duplicate id: id 'k-1' is already stored with other content" "$T/changed.err"
q "$W" "SELECT id, user_id, content_hash, raw, source FROM conversations ORDER BY rowid" | head -6 >"$T/keep-after.txt"
check "existing rows survive unchanged" cmp "$T/keep-before.txt" "$T/keep-after.txt"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 7 ] && ok "new rows added beside them" || not_ok "new rows added"
[ "$(q "$W" "SELECT count(*) || ' ' || sum(ingested) || ' ' || sum(complete) FROM ingest_files")" = "4 7 4" ] &&
    ok "ingest_files logs every file read" || not_ok "ingest_files" "$(q "$W" "SELECT * FROM ingest_files")"

# --- usage ------------------------------------------------------------------------------
check_status 0 "help" "$KLEIO" ingest --help
check_status 2 "--work is required" "$KLEIO" ingest "$F/kleio.jsonl"
check_status 2 "bad --batch" "$KLEIO" ingest --work "$T/u.db" --batch 0 "$F/kleio.jsonl"
check_status 2 "bad --max-line" "$KLEIO" ingest --work "$T/u.db" --max-line 12Q "$F/kleio.jsonl"
echo "not sqlite" >"$T/notdb.db"
check_status 2 "a file that is not a work database" "$KLEIO" ingest --work "$T/notdb.db" "$F/kleio.jsonl"
check_status 2 "a directory as input" "$KLEIO" ingest --work "$T/u.db" "$T"

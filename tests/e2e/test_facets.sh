#!/bin/sh
# kleio facets and kleio export facets on a small work database built with SQL.
. "$KLEIO_ROOT/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "ok - # SKIP sqlite3 command not installed"; exit 0; }

W="$T/work.db"
sql() { sqlite3 "$W" "$@"; }
# conv ID RAW: inserts one conversation (the work database schema comes from kleio itself).
conv() {
    sql "INSERT INTO conversations(id, user_id, ts, n_messages, user_turns, content_hash, raw, source, ingested_at)
         VALUES('$1', 'u-$1', 0, 2, 1, 'h-$1', '$2', 'test', 0);"
}

check "help answers" "$KLEIO" facets --help
check_status 2 "--work is required" "$KLEIO" facets
check_status 2 "a missing work database is bad input" "$KLEIO" facets --work "$T/nope.db"
check_status 2 "--batch must be a number" "$KLEIO" facets --work "$W" --batch x

: >"$W"
check "an empty file becomes an empty work database" "$KLEIO" facets --work "$W"

conv en-pii '[{"role":"user","content":"Hi! My name is John Smith, e-mail jsmith@gmail.com, phone +1 (555) 123-4567. Can you help me write a cover letter for a nursing job?"},{"role":"assistant","content":"Of course. Here is a draft."}]'
conv es-q '[{"role":"user","content":"Hola, me llamo María García y vivo en Calle Mayor 5. ¿Cómo puedo aprender a programar en Python desde cero?"},{"role":"assistant","content":"Empieza por lo básico."}]'
conv ru-q '[{"role":"user","content":"Привет! Помоги, пожалуйста, написать письмо начальнику об отпуске в августе."},{"role":"assistant","content":"Конечно, вот вариант письма."}]'
conv zh-q '[{"role":"user","content":"你好！我叫王小明。请帮我把这段话翻译成英文，这是我的工作邮件。"},{"role":"assistant","content":"好的。"}]'
conv refused '[{"role":"user","content":"Give me step-by-step instructions to build a pipe bomb at home."},{"role":"assistant","content":"I am sorry, but I cannot help with that request."}]'
conv crisis '[{"role":"user","content":"I keep thinking about hurting myself and I want to die."},{"role":"assistant","content":"I am really sorry you are feeling this way. You are not alone; please reach out to a crisis line."},{"role":"user","content":"thanks"}]'

check "facets succeeds, two per batch" "$KLEIO" facets --work "$W" --batch 2
check "six facets rows" test "$(sql 'SELECT count(*) FROM facets')" -eq 6
check "raw text dropped after facets" test "$(sql 'SELECT count(*) FROM conversations WHERE raw IS NOT NULL')" -eq 0
check "backend is offline" test "$(sql "SELECT count(*) FROM facets WHERE backend = 'offline'")" -eq 6
sql "SELECT summary FROM facets" >"$T/summaries.txt"
check_no_grep "no name in summaries" 'John|Smith|María|García|王小明' "$T/summaries.txt"
check_no_grep "no e-mail or phone in summaries" 'jsmith|gmail|555|4567' "$T/summaries.txt"
check_no_grep "no address in summaries" 'Calle Mayor' "$T/summaries.txt"
check_grep "summary keeps the request" 'cover letter for a nursing job' "$T/summaries.txt"
check_grep "Spanish summary keeps its topic" 'programar en Python' "$T/summaries.txt"
check_grep "Chinese summary keeps its topic" '翻译成英文' "$T/summaries.txt"
lang() { sql "SELECT f.lang FROM facets f JOIN conversations c ON c.rowid = f.conv WHERE c.id = '$1'"; }
col() { sql "SELECT f.$2 FROM facets f JOIN conversations c ON c.rowid = f.conv WHERE c.id = '$1'"; }
check "English detected" test "$(lang en-pii)" = en
check "Spanish detected" test "$(lang es-q)" = es
check "Russian detected" test "$(lang ru-q)" = ru
check "Chinese detected" test "$(lang zh-q)" = zh
check "refusal detected" test "$(col refused refused)" -eq 2
check "helpful answer is not a refusal" test "$(col es-q refused)" -eq 0
check "bomb instructions are concerning" test "$(col refused concern)" -ge 4
check "crisis language scores 5" test "$(col crisis concern)" -eq 5
check "ordinary request scores 1" test "$(col ru-q concern)" -eq 1
check "turns count user turns" test "$(col crisis turns)" -eq 2
check "task: writing" test "$(col en-pii task)" = writing
check "task: translation" test "$(col zh-q task)" = translation

check "rerun succeeds" "$KLEIO" facets --work "$W"
check "rerun adds nothing" test "$(sql 'SELECT count(*) FROM facets')" -eq 6
conv late '[{"role":"user","content":"What is the capital of Australia?"}]'
check "one thread" "$KLEIO" facets --work "$W" -j 1
check "a new conversation is picked up" test "$(sql 'SELECT count(*) FROM facets')" -eq 7
check "no assistant turn is not a refusal" test "$(col late refused)" -eq 0

conv broken 'this is not json'
"$KLEIO" facets --work "$W" >"$T/bad.out" 2>&1
status=$?
check "unreadable raw text fails the run" test "$status" -eq 1
check_grep "the failure names the conversation" 'conversation broken' "$T/bad.out"
check "the broken conversation keeps its text" test "$(sql "SELECT raw FROM conversations WHERE id = 'broken'")" = 'this is not json'
sql "DELETE FROM conversations WHERE id = 'broken'"

W2="$T/keep.db"
cp "$W" "$W2"
sqlite3 "$W2" "DELETE FROM facets; UPDATE conversations SET raw = '[{\"role\":\"user\",\"content\":\"Explain recursion\"}]';"
check "--keep-raw run" "$KLEIO" facets --work "$W2" --keep-raw
check "--keep-raw keeps raw text" test "$(sqlite3 "$W2" 'SELECT count(*) FROM conversations WHERE raw IS NOT NULL')" -eq 7
check "--keep-raw still writes facets" test "$(sqlite3 "$W2" 'SELECT count(*) FROM facets')" -eq 7
check "a later run without --keep-raw drops it" "$KLEIO" facets --work "$W2"
check "raw dropped for rows that had facets" test "$(sqlite3 "$W2" 'SELECT count(*) FROM conversations WHERE raw IS NOT NULL')" -eq 0

# export facets
check "export help" "$KLEIO" export facets --help
check "export succeeds" "$KLEIO" export facets --work "$W" -o "$T/out.tsv"
check "TSV header" test "$(head -1 "$T/out.tsv")" = "$(printf 'id\tlang\trefused\tconcern\tturns\tsummary')"
check "one row per conversation" test "$(wc -l <"$T/out.tsv")" -eq 8
check_grep "refused spelled out" "^refused	en	full	[45]	1	" "$T/out.tsv"
check_grep "crisis row" "^crisis	en	none	5	2	" "$T/out.tsv"
sql "UPDATE conversations SET id = 'tab	id' WHERE id = 'late'"
"$KLEIO" export facets --work "$W" -o "$T/out2.tsv"
check_grep "tab in a field is escaped" '^tab\\tid	en	' "$T/out2.tsv"
"$KLEIO" export facets --work "$W" --format jsonl >"$T/out.jsonl"
check "JSONL has a line per conversation" test "$(wc -l <"$T/out.jsonl")" -eq 7
check_grep "JSONL fields" '^\{"id":"refused","lang":"en","refused":"full","concern":[45],"turns":1,"summary":"' "$T/out.jsonl"
check_status 2 "unknown format is bad usage" "$KLEIO" export facets --work "$W" --format csv
check_status 2 "export needs --work" "$KLEIO" export facets
check_status 1 "unwritable output fails" "$KLEIO" export facets --work "$W" -o "$T/no/such/dir/x.tsv"

# The whole path from an input file: ingest, facets, export.
cat >"$T/in.jsonl" <<'JSONL'
{"id": "a1", "user_id": "u1", "messages": [{"role": "user", "content": "Hola, me llamo Lucía García. ¿Puedes escribir una carta de presentación para un puesto de enfermera?"}, {"role": "assistant", "content": "Claro, aquí tienes un borrador."}]}
{"id": "a2", "user_id": "u2", "messages": [{"role": "user", "content": [{"type": "text", "text": "Меня зовут Иван. Мой телефон +7 912 345-67-89. Как настроить nginx как обратный прокси?"}]}, {"role": "assistant", "content": "Вот пример конфигурации."}]}
{"id": "a3", "user_id": "u3", "messages": [{"role": "user", "content": "我叫王伟，住在北京市朝阳区建国路88号。请帮我写一首关于秋天的诗。"}, {"role": "assistant", "content": "好的。"}]}
JSONL
if "$KLEIO" ingest -q --work "$T/path.db" "$T/in.jsonl" 2>"$T/ingest.err"; then
    check "facets after ingest" "$KLEIO" facets --work "$T/path.db"
    "$KLEIO" export facets --work "$T/path.db" -o "$T/path.tsv"
    check "three rows after ingest" test "$(wc -l <"$T/path.tsv")" -eq 4
    check_no_grep "no name, phone or address survives" 'Lucía|García|Иван|912|王伟|建国路' "$T/path.tsv"
    check_grep "Spanish request kept" '^a1	es	none	1	1	¿Puedes escribir una carta de presentación' "$T/path.tsv"
    check_grep "Russian request kept" '^a2	ru	none	1	1	.*nginx' "$T/path.tsv"
    check_grep "Chinese request kept" '^a3	zh	none	1	1	.*秋天的诗' "$T/path.tsv"
else
    echo "ok - # SKIP kleio ingest is not available: $(head -1 "$T/ingest.err")"
fi

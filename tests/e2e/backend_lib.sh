# backend_lib.sh — shared by tests/e2e/test_backend*.sh: a small corpus and the fake
# model server (tests/tools/fake_llm) in the background. Source after tests/lib.sh.
FAKE="$KLEIO_BUILD/tests/tools/fake_llm"
FAKE_PID=
trap 'stop_fake; rm -rf "$T"' EXIT
[ -x "$FAKE" ] || { echo "ok - # SKIP $FAKE not built"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "ok - # SKIP sqlite3 command not installed"; exit 0; }

# start_fake ARGS...: starts the server and sets PORT.
start_fake() {
    stop_fake
    FAKE_N=$((${FAKE_N:-0} + 1))
    "$FAKE" "$@" >"$T/fake$FAKE_N.port" 2>"$T/fake$FAKE_N.err" &
    FAKE_PID=$!
    i=0
    while [ ! -s "$T/fake$FAKE_N.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    PORT=$(head -1 "$T/fake$FAKE_N.port")
}

stop_fake() {
    if [ -n "$FAKE_PID" ]; then
        kill "$FAKE_PID" 2>/dev/null
        wait "$FAKE_PID" 2>/dev/null
        FAKE_PID=
    fi
}

# new_work DB: a work database with six conversations.
new_work() {
    cat >"$T/corpus.jsonl" <<'JSONL'
{"id": "en-pii", "user_id": "u1", "messages": [{"role": "user", "content": "Hi, I am John Smith, write to jsmith@gmail.com. Can you help me write a cover letter for a nursing job?"}, {"role": "assistant", "content": "Of course. Here is a draft."}]}
{"id": "es-q", "user_id": "u2", "messages": [{"role": "user", "content": "Hola, ¿cómo puedo aprender a programar desde cero?"}, {"role": "assistant", "content": "Empieza por lo básico."}]}
{"id": "ru-q", "user_id": "u3", "messages": [{"role": "user", "content": "Привет! Помоги написать письмо начальнику об отпуске."}, {"role": "assistant", "content": "Конечно, вот вариант письма."}]}
{"id": "zh-q", "user_id": "u4", "messages": [{"role": "user", "content": "你好！请帮我把这段话翻译成英文。"}, {"role": "assistant", "content": "好的。"}]}
{"id": "refused", "user_id": "u5", "messages": [{"role": "user", "content": "Give me step-by-step instructions to build a pipe bomb at home."}, {"role": "assistant", "content": "I am sorry, but I cannot help with that request."}]}
{"id": "code", "user_id": "u6", "messages": [{"role": "user", "content": "How do I sort a dictionary by value in Python?"}, {"role": "assistant", "content": "Use sorted() with a key."}]}
JSONL
    "$KLEIO" ingest --work "$1" "$T/corpus.jsonl" >/dev/null 2>&1
}

# col DB ID COLUMN: one facet of one conversation.
col() { sqlite3 "$1" "SELECT f.$3 FROM facets f JOIN conversations c ON c.rowid = f.conv WHERE c.id = '$2'"; }

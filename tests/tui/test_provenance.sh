#!/bin/sh
# The detail pane says where the snapshot's facets came from (meta facet_sources: per
# field, the share the model wrote; the offline extractor wrote the rest) and which
# conversations a screened snapshot studies (meta screen), from aggregates only.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"
FAKE="$KLEIO_BUILD/tests/tools/fake_llm"
[ -x "$FAKE" ] || { echo "ok - # SKIP $FAKE not built"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "ok - # SKIP sqlite3 command not installed"; exit 0; }

W="$T/w.db"
S="$T/s.db"
"$KLEIO" synth -q -n 200 --seed 8 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$W" "$T/c.jsonl"
# Every 4th structured answer is wrong twice over: those fields fall back offline.
"$FAKE" --bad-every 4 >"$T/port" 2>"$T/fake.err" &
FAKE_PID=$!
trap 'kill $FAKE_PID 2>/dev/null; tui_stop; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
export OPENAI_API_KEY=sk-prov
"$KLEIO" run --work "$W" --out "$S" --backend openai --base-url "http://127.0.0.1:$(head -1 "$T/port")/v1" \
    --min-users 1 --min-conversations 1 --k 4 --levels 2 --top 2 --dim 8 \
    --screen-regex '.' >"$T/run.log" 2>&1
check "the run publishes" test -s "$S"
src=$(sqlite3 "$S" "SELECT value FROM meta WHERE key = 'facet_sources'")
check "meta facet_sources holds counts per field ($src)" \
    sh -c "echo '$src' | grep -Eq '\"summary\":\\{\"model\":[0-9]+,\"offline\":[1-9][0-9]*\\}'"
# The share the pane must show for the summary, from the meta's counts.
want=$(echo "$src" | sed 's/.*"summary":{"model":\([0-9]*\),"offline":\([0-9]*\)}.*/\1 \2/' |
    awk '{ printf "%.1f%%", 100 * $1 / ($1 + $2) }')
check "no conversation-level row reaches the snapshot" \
    test "$(sqlite3 "$S" "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%source%'")" = 0

tui_start 150 40 "$KLEIO" browse "$S"
tui_expect "starts" "clusters"
tui_expect "the detail pane says which facets the model wrote" "Facets"
tui_expect "with the summary's share from the meta ($want)" "summary $want"
tui_expect "a field the model always answered" "language all"
tui_expect "and the screen with its counts" "Screen"
tui_expect "its expression" "200 in, 0 out: regex: ."
# A job with the model backend: the jobs panel shows its calls, tokens and cost.
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=embed "$KLEIO" jobs start --work "$W" --out "$S" -- --backend openai \
    --base-url "http://127.0.0.1:$(head -1 "$T/port")/v1" --price 1,2 --min-users 1 \
    --min-conversations 1 --k 5 --levels 2 --top 2 --dim 8 >/dev/null 2>&1
tui_keys J
tui_expect "the jobs panel opens" "Jobs of"
tui_expect_re "the running job's model calls, tokens and estimated cost" \
    "Model: [0-9]+ calls, [0-9]+ cached, 0 failed, [0-9]+ tokens in, [0-9]+ out, est\. \\\$[0-9.]+" 30
tui_keys c
tui_keys q q
tui_stop_wait

#!/bin/sh
# kleio run with the model backends against the fake server (tests/tools/fake_llm):
# embeddings from the server, names written by the model, the cache on a rerun, the
# budget, a wrong key (masked, previous snapshot untouched), switching backends, the
# anthropic backend (names from the Messages API, offline embeddings), missing facets
# written by the model, unreadable names falling back to the offline ones, and the
# hierarchy built by the model.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

KEY=sk-kleio-run-SECRET-5d1e8b
"$KLEIO" synth -q -n 400 --seed 7 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/base.db" "$T/c.jsonl"
"$KLEIO" facets --work "$T/base.db" >/dev/null 2>&1
fresh() { rm -f "$1" "$1-wal" "$1-shm"; sqlite3 "$T/base.db" ".backup '$1'"; }
SMALL="--k 8 --levels 2 --top 3 --min-users 3 --min-conversations 5 --dim 16"
reqs() { cut -d' ' -f2 "$T/stats"; }

start_fake --key "$KEY" --stats "$T/stats"
export OPENAI_API_KEY="$KEY"
URL="http://127.0.0.1:$PORT/v1"
W="$T/w.db"
fresh "$W"
# shellcheck disable=SC2086
orun() { "$KLEIO" run --work "$W" --backend openai --base-url "$URL" $SMALL "$@"; }

orun --out "$T/s.db" >"$T/run1.log" 2>&1
check "kleio run --backend openai publishes" test -s "$T/s.db"
meta() { sqlite3 "$1" "SELECT value FROM meta WHERE key = '$2'"; }
check "meta backend" test "$(meta "$T/s.db" backend)" = openai
check "meta embed_model" test "$(meta "$T/s.db" embed_model)" = text-embedding-3-small
check "meta name_model" test "$(meta "$T/s.db" name_model)" = gpt-4o-mini
check "meta summary_model: the offline facets" test "$(meta "$T/s.db" summary_model)" = offline-extractive
check_grep "embeddings came from the server" \
    'embed: 400 summaries embedded in 8 dimensions by text-embedding-3-small \(7 calls' "$T/run1.log"
check "the stored vectors have the server's length" test "$(sqlite3 "$W" 'SELECT dim FROM run_embed_model')" -eq 8
clusters=$(sqlite3 "$W" 'SELECT count(*) FROM run_clusters')
check "every cluster has the model's canned description" \
    test "$(sqlite3 "$W" "SELECT count(*) FROM run_clusters WHERE description LIKE 'Help with %'")" -eq "$clusters"
leaves=$(sqlite3 "$W" 'SELECT count(*) FROM run_clusters WHERE level = 0')
# The hierarchy (built by the model) asks for the leaves' names, one set of proposals, their
# merge when they are more than the parents needed, and the leaves' placements, 20 leaves a
# question; the names of the leaves are then in the cache.
# hcalls LOG: the hierarchy's calls.
hcalls() { sed -n 's/.*hierarchy by [^;]*; \([0-9]*\) calls.*/\1/p' "$1"; }
h=$(hcalls "$T/run1.log")
batches=$(((leaves + 19) / 20))
check "the stage line counts the hierarchy's calls ($h, $leaves leaves)" grep -Eq \
    "name: .*; hierarchy by gpt-4o-mini: level 1 [a-z]+.*; ($((leaves + batches + 1))|$((leaves + batches + 2))) calls, 0 cache hits" "$T/run1.log"
check "the stage line counts model names and calls" grep -Eq \
    "name: .*; $clusters named by gpt-4o-mini, 0 kept their offline name .*; audit: $clusters rated, 0 renamed offline, 0 withheld, 0 unreadable; [0-9]+ calls, [0-9]+ cache hits" "$T/run1.log"
# A name and an audit per cluster, the leaves' names (and any question asked twice, such as
# the audit of a parent named like its only child) from the cache.
ncalls=$(sed -n 's/.*unreadable; \([0-9]*\) calls, \([0-9]*\) cache hits.*/\1/p' "$T/run1.log")
nhits=$(sed -n 's/.*unreadable; \([0-9]*\) calls, \([0-9]*\) cache hits.*/\2/p' "$T/run1.log")
check "every name and audit asked, the leaves' names from the cache ($ncalls calls, $nhits cache hits)" \
    test "$((ncalls + nhits))" -eq $((2 * clusters)) -a "$nhits" -ge "$leaves"
check_grep "and the estimated cost" 'tokens out, estimated cost \$[0-9.]+' "$T/run1.log"
check "the server saw the embedding, hierarchy, naming and audit requests" test "$(reqs)" -eq $((7 + h + ncalls))
check "published names are the model's (capitalised, no term list)" test \
    "$(sqlite3 "$T/s.db" "SELECT count(*) FROM clusters WHERE is_other = 0 AND name GLOB '[A-Z]*' AND name NOT LIKE '%,%'")" -gt 0

# A rerun that recomputes every stage sends nothing: every answer is cached.
before=$(reqs)
sqlite3 "$W" "DELETE FROM run_stages"
orun --out "$T/s.db" >"$T/run2.log" 2>&1
check "the rerun succeeds" test $? -eq 0
check "the rerun sends no request" test "$(reqs)" -eq "$before"
check_grep "embed: 0 calls, all cached" 'by text-embedding-3-small \(0 calls, 400 cache hits' "$T/run2.log"
check_grep "name: 0 calls, all cached" "; 0 calls, $((2 * clusters)) cache hits" "$T/run2.log"

# --embed-dims asks the server for shorter vectors: sent as "dimensions", a new cache key.
orun --out "$T/d.db" --embed-dims 24 >"$T/dims.log" 2>&1
check "--embed-dims: the run succeeds" test $? -eq 0
check_grep "--embed-dims: the server's vectors have the length asked for" \
    'embed: 400 summaries embedded in 24 dimensions by text-embedding-3-small \(7 calls' "$T/dims.log"
check "--embed-dims: stored at that length" test "$(sqlite3 "$W" 'SELECT dim FROM run_embed_model')" -eq 24
check_status 2 "--embed-dims needs the openai backend" "$KLEIO" run --work "$W" --out "$T/x.db" --embed-dims 24
check_status 2 "--embed-dims must be a positive number" "$KLEIO" run --work "$W" --out "$T/x.db" \
    --backend openai --embed-dims 0
# The fake server ignores lengths above 4096, as a model without shortening would.
orun --out "$T/d.db" --embed-dims 5000 >"$T/dims2.log" 2>&1
check "--embed-dims not honoured: the run fails" test $? -eq 1
check_grep "--embed-dims not honoured: says so" 'asked for 5000 dimensions, the server answered 8' "$T/dims2.log"
orun --out "$T/s.db" >/dev/null 2>&1

# The snapshot records the connection for the explorer's recompute dialog: the server
# without a user:password@ part or a query, the key's variable name, never the key.
"$KLEIO" run --work "$W" --out "$T/u.db" --backend openai $SMALL \
    --base-url "http://kleio:PASSWORD-77@127.0.0.1:$PORT/v1?token=QUERY-88" >"$T/url.log" 2>&1
check "a URL with credentials still works" test $? -eq 0
params=$(sqlite3 "$T/u.db" "SELECT value FROM meta WHERE key = 'params'")
check "params record the server" sh -c "echo '$params' | grep -q '\"base_url\":\"http://127.0.0.1:$PORT/v1\"'"
check "params drop the password and the query" sh -c "! echo '$params' | grep -q -e PASSWORD -e QUERY"
check "params record no key" sh -c "! echo '$params' | grep -q '$KEY'"

# Switching the backend reruns the stages it changes.
cp "$T/s.db" "$T/s.keep"
"$KLEIO" run --work "$W" --out "$T/off.db" $SMALL >"$T/off.log" 2>&1
check "back to offline: embed reruns" grep -q 'embed: 400 summaries embedded in' "$T/off.log"
check "back to offline: offline names" test \
    "$(sqlite3 "$W" "SELECT count(*) FROM run_clusters WHERE description LIKE 'Help with %'")" -eq 0
check "back to offline: meta" test "$(meta "$T/off.db" backend)" = offline
check "no name_model offline" test -z "$(meta "$T/off.db" name_model)"

# A wrong key: a one-line cause without the key; the previous snapshot is untouched.
WRONG=sk-wrong-SECRET-2222-3333
OPENAI_API_KEY=$WRONG orun --out "$T/s.db" --embed-model text-embedding-3-large >"$T/bad.log" 2>&1
check "a 401 fails the run" test $? -eq 1
check_grep "the server's message" 'embed: .*HTTP 401: Incorrect API key provided' "$T/bad.log"
check_no_grep "the wrong key is not shown" "$WRONG" "$T/bad.log"
check "the previous snapshot is byte-identical" cmp "$T/s.db" "$T/s.keep"
cat "$W"* "$T"/*.db >"$T/bytes" 2>/dev/null
check "the key is in no database or snapshot" sh -c "! grep -qa -e '$KEY' -e '$WRONG' '$T/bytes'"
cat "$T"/*.log >"$T/logs"
check_no_grep "the key is in no log" "$KEY" "$T/logs"

# A budget too small stops before publishing; the answers bought are kept, and a run
# with a larger budget pays only for the rest.
W2="$T/budget.db"
fresh "$W2"
brun() { "$KLEIO" run --work "$W2" --out "$T/b.db" --backend openai --base-url "$URL" $SMALL "$@"; }
# shellcheck disable=SC2086
brun --max-calls 9 --concurrency 1 >"$T/budget.log" 2>&1
check "a spent budget fails the run" test $? -eq 1
check_grep "with the cause" 'hierarchy: the budget of 9 calls is spent' "$T/budget.log"
check "nothing is published" test ! -e "$T/b.db"
check "the answers bought are cached" test "$(sqlite3 "$W2" 'SELECT count(*) FROM model_cache')" -gt 300
# shellcheck disable=SC2086
brun >"$T/budget2.log" 2>&1
check "the next run publishes" test -s "$T/b.db"
check_grep "paying only for the hierarchy's calls left" "; $((h - 2)) calls, 2 cache hits" "$T/budget2.log"
check_grep "and the names and audits" "; $ncalls calls, $nhits cache hits" "$T/budget2.log"

# Unreadable names: asked once more, then the offline name stays, counted.
start_fake --nonsense --stats "$T/stats"
W3="$T/nonsense.db"
fresh "$W3"
# shellcheck disable=SC2086
"$KLEIO" run --work "$W3" --out "$T/n.db" --backend openai --base-url "http://127.0.0.1:$PORT/v1" \
    $SMALL >"$T/nonsense.log" 2>&1
check "unreadable names do not fail the run" test $? -eq 0
n3=$(sqlite3 "$W3" 'SELECT count(*) FROM run_clusters')
check_grep "they are counted" "0 named by gpt-4o-mini, $n3 kept their offline name \($n3 unreadable" "$T/nonsense.log"
check_grep "an unreadable audit leaves an offline name as it is" "audit: 0 rated, 0 renamed offline, 0 withheld, $n3 unreadable" "$T/nonsense.log"
l3=$(sqlite3 "$W3" 'SELECT count(*) FROM run_clusters WHERE level = 0')
check_grep "without leaf names the hierarchy is the deterministic one" \
    "hierarchy by gpt-4o-mini: level 1 deterministic \(no cluster of level 0 has a model name\)" "$T/nonsense.log"
check "each name was asked twice, each audit three times" grep -q \
    "; $((2 * l3)) calls, 0 cache hits.*; $((5 * n3 - 2 * l3)) calls, $((2 * l3)) cache hits" "$T/nonsense.log"
check "and the snapshot does not say the model named them" test "$(meta "$T/n.db" name_model)" = offline

# anthropic: names from the Messages API, embeddings offline.
start_fake --key "$KEY" --stats "$T/stats"
URL="http://127.0.0.1:$PORT/v1"
W4="$T/anthropic.db"
fresh "$W4"
# shellcheck disable=SC2086
ANTHROPIC_API_KEY=$KEY "$KLEIO" run --work "$W4" --out "$T/a.db" --backend anthropic \
    --base-url "http://127.0.0.1:$PORT" $SMALL >"$T/anthropic.log" 2>&1
check "kleio run --backend anthropic publishes" test -s "$T/a.db"
check_grep "embeddings stay offline, and say so" 'offline \(the anthropic backend has no embeddings API\)' "$T/anthropic.log"
check "meta: anthropic, offline embeddings" test "$(meta "$T/a.db" backend)/$(meta "$T/a.db" embed_model)" = anthropic/offline-tfidf-lsa
check "meta: the chat model names" test "$(meta "$T/a.db" name_model)" = claude-3-5-haiku-latest
n4=$(sqlite3 "$W4" 'SELECT count(*) FROM run_clusters')
check "names through the Messages API" test \
    "$(sqlite3 "$W4" "SELECT count(*) FROM run_clusters WHERE description LIKE 'Help with %'")" -eq "$n4"
n4calls=$(sed -n 's/.*unreadable; \([0-9]*\) calls, .*/\1/p' "$T/anthropic.log")
check "only hierarchy, naming and audit requests" test "$(reqs)" -eq $(($(hcalls "$T/anthropic.log") + n4calls))


# Missing facets are written by the model, with the run's options.
W5="$T/small.db"
head -30 "$T/c.jsonl" >"$T/small.jsonl"
"$KLEIO" ingest -q --work "$W5" "$T/small.jsonl"
"$KLEIO" run --work "$W5" --out "$T/f.db" --backend openai --base-url "$URL" --k 3 --levels 2 \
    --top 1 --min-users 1 --min-conversations 1 --dim 8 >"$T/facets.log" 2>&1
check "a run from raw conversations publishes" test -s "$T/f.db"
check "the facets came from the model" test "$(sqlite3 "$W5" "SELECT count(*) FROM facets WHERE backend = 'openai'")" -eq 30
check_grep "with their usage line" 'facets: openai gpt-4o-mini: 30 conversations, 30 with model facets, 30 model summaries, 0 re-asked; 30 calls, 0 cache hits' "$T/facets.log"
check "meta summary_model: the model wrote the summaries" test "$(meta "$T/f.db" summary_model)" = gpt-4o-mini
check "summary_model records the model" test "$(meta "$T/f.db" summary_model)" = gpt-4o-mini

# Bad usage.
check_status 2 "unknown backend" "$KLEIO" run --work "$W" --out "$T/x.db" --backend gpt
check_status 2 "--concurrency range" "$KLEIO" run --work "$W" --out "$T/x.db" --backend openai --concurrency 0
check_status 2 "--incremental with server embeddings" "$KLEIO" run --work "$W" --out "$T/x.db" \
    --backend openai --incremental
check_status 2 "model options need a model backend" "$KLEIO" run --work "$W" --out "$T/x.db" --model gpt-4o
check_status 2 "anthropic has no embedding model" "$KLEIO" run --work "$W" --out "$T/x.db" \
    --backend anthropic --embed-model text-embedding-3-small
unset OPENAI_API_KEY
check_status 2 "no key for the hosted API" "$KLEIO" run --work "$W" --out "$T/x.db" --backend openai

# The auditor rates every name 2: each model name goes back to its offline name.
start_fake --audit-rating 2 --stats "$T/stats"
W6="$T/audit.db"
fresh "$W6"
# shellcheck disable=SC2086
"$KLEIO" run --work "$W6" --out "$T/au.db" --backend openai --base-url "http://127.0.0.1:$PORT/v1" \
    $SMALL >"$T/audit.log" 2>&1
check "a run whose names all fail the audit publishes" test -s "$T/au.db"
n6=$(sqlite3 "$W6" 'SELECT count(*) FROM run_clusters')
check_grep "every model name was renamed offline" "0 named by gpt-4o-mini, $n6 kept .*audit: $n6 rated, $n6 renamed offline" "$T/audit.log"
check "no published name is the model's" \
    test "$(sqlite3 "$W6" "SELECT count(*) FROM run_clusters WHERE description LIKE 'Help with %'")" -eq 0
check "and the snapshot says offline" test "$(meta "$T/au.db" name_model)" = offline

# A model per stage, and the embeddings from a second server.
start_fake --stats "$T/stats"
"$FAKE" --stats "$T/estats" >"$T/e.port" 2>/dev/null &
EPID=$!
i=0
while [ ! -s "$T/e.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
W8="$T/stages.db"
"$KLEIO" ingest -q --work "$W8" "$T/small.jsonl"
"$KLEIO" run --work "$W8" --out "$T/st.db" --backend openai --base-url "http://127.0.0.1:$PORT/v1" \
    --embed-url "http://127.0.0.1:$(head -1 "$T/e.port")/v1" --facets-model fm-1 --name-model nm-1 \
    --audit-model am-1 --k 3 --levels 2 --top 1 --min-users 1 --min-conversations 1 --dim 8 \
    >"$T/stages.log" 2>&1
check "a run with a model per stage publishes" test -s "$T/st.db"
check "the facets were asked of --facets-model" \
    test "$(sqlite3 "$W8" "SELECT count(*) FROM facets WHERE model = 'fm-1'")" -eq 30
check "summary_model names it" test "$(meta "$T/st.db" summary_model)" = fm-1
check "name_model is --name-model" test "$(meta "$T/st.db" name_model)" = nm-1
check "the embeddings came from --embed-url" test "$(cut -d' ' -f2 "$T/estats")" -gt 0
kill "$EPID" 2>/dev/null
wait "$EPID" 2>/dev/null
check_status 2 "--embed-url needs the openai backend" "$KLEIO" run --work "$W" --out "$T/x.db" \
    --embed-url http://127.0.0.1:1/v1

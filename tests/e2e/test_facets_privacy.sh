#!/bin/sh
# Privacy of the facets stage end to end: no planted private detail of a `kleio synth`
# corpus reaches a stored summary, and ordinary requests of ../shared/data (HWU64,
# Banking77) get almost no placeholders. Skips what it cannot run.
. "$KLEIO_ROOT/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "ok - # SKIP sqlite3 command not installed"; exit 0; }

if "$KLEIO" synth -n 3000 --seed 5 -q -o "$T/corpus.jsonl" --truth "$T/truth.jsonl" 2>"$T/synth.err"; then
    check "ingest the synthetic corpus" "$KLEIO" ingest -q --work "$T/syn.db" "$T/corpus.jsonl"
    check "facets on it" "$KLEIO" facets --work "$T/syn.db"
    sqlite3 "$T/syn.db" 'SELECT summary FROM facets' >"$T/summaries.txt"
    # Every planted value ("value":"…") of the truth file, one per line.
    grep -o '"value":"[^"]*"' "$T/truth.jsonl" | sed 's/^"value":"//; s/"$//' | sort -u >"$T/planted.txt"
    check "the truth file plants details" test "$(wc -l <"$T/planted.txt")" -gt 20
    grep -F -f "$T/planted.txt" "$T/summaries.txt" >"$T/leaks.txt"
    check_no_grep "no planted detail in any summary" '.' "$T/leaks.txt"
    check "every conversation has a summary" test "$(sqlite3 "$T/syn.db" "SELECT count(*) FROM facets WHERE summary = ''")" -lt 30
else
    echo "ok - # SKIP kleio synth is not available: $(head -1 "$T/synth.err")"
fi

DATA="$KLEIO_ROOT/../shared/data"
if [ -f "$DATA/hwu64/conversations.jsonl" ] && [ -f "$DATA/banking77/conversations.jsonl" ]; then
    check "ingest HWU64 and Banking77" "$KLEIO" ingest -q --work "$T/real.db" \
        "$DATA/hwu64/conversations.jsonl" "$DATA/banking77/conversations.jsonl"
    check "facets on them" "$KLEIO" facets --work "$T/real.db"
    total=$(sqlite3 "$T/real.db" 'SELECT count(*) FROM facets')
    marked=$(sqlite3 "$T/real.db" "SELECT count(*) FROM facets WHERE summary GLOB '*[[][A-Z]*[]]*'")
    echo "# $marked of $total summaries with a placeholder"
    check "placeholders in under 0.1% of ordinary requests" test $((marked * 1000)) -lt "$total"
else
    echo "ok - # SKIP ../shared/data (HWU64, Banking77) is absent"
fi

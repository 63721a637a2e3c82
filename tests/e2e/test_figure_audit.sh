#!/bin/sh
# The figure audit: every figure of a snapshot recomputed from the work database that made
# it (clusters, cluster_lang, cluster_time, languages, meta), and every figure that
# `kleio tree --format json` shows (every level; all languages, each language alone and
# every pair) compared with the truth under kleio-browse(1)'s definitions: exact figures
# equal it, bounds bound it, figures over suppressed cells are never exact, shares divide
# by the parent's truth (the selected languages' total at the top). 0 mismatches.
# Once at the default thresholds and once at small ones (more, smaller cells).
. "$KLEIO_ROOT/tests/lib.sh"
AUDIT="$KLEIO_BUILD/tests/tools/figure_audit"
[ -x "$AUDIT" ] || { not_ok "figure_audit is built (make check builds tests/tools)"; exit 1; }

cd "$T" || exit 1
check "synth a 20000-conversation corpus" "$KLEIO" synth -q -n 20000 --seed 1 -o c.jsonl
check "ingest it" "$KLEIO" ingest -q --work w.db c.jsonl
check "run at the default thresholds" "$KLEIO" run -q --work w.db --out m.db

audit() { # NAME SNAPSHOT
    "$AUDIT" --work w.db --snapshot "$2" --kleio "$KLEIO" >"$T/$1.out" 2>"$T/$1.err"
    status=$?
    sed 's/^/# /' "$T/$1.out"
    if [ $status -eq 0 ] && grep -q ', 0 mismatches$' "$T/$1.out"; then
        ok "$1: every figure matches the work database's truth"
    else
        not_ok "$1: mismatches" "$(cat "$T/$1.out"; head -20 "$T/$1.err")"
    fi
    # Enough was compared to mean something: the tables and 1 + n + n(n-1)/2 selections.
    n=$(sed -n 's/.* \([0-9]*\) figures compared.*/\1/p' "$T/$1.out")
    [ "${n:-0}" -gt 100000 ] && ok "$1: $n figures compared" || not_ok "$1: only ${n:-0} figures compared"
}
audit "default thresholds" m.db
check "run again at small thresholds (5 users, 10 conversations)" \
    "$KLEIO" run -q --work w.db --out m5.db --min-users 5 --min-conversations 10
audit "small thresholds" m5.db

#!/bin/sh
# test_disclosure_snapshots.sh — real snapshots disclose no more to the attacker
# (tests/tools/attack_snapshot.c; its rule is in its header) than the privacy stage reports
# as left exposed, and at the default thresholds no conversation count: the bundled sample, and fresh
# synthetic snapshots with the default thresholds, with small ones, and after a recompute
# with another leaf size. test_disclosure.sh shows that the attacker can fail.
. "$KLEIO_ROOT/tests/lib.sh"
ATTACK="$KLEIO_BUILD/tests/tools/attack_snapshot"
if [ ! -x "$ATTACK" ]; then
    not_ok "attack_snapshot is built (make $KLEIO_BUILD/tests/tools/attack_snapshot)"
    exit 1
fi

# within_reported NAME SNAPSHOT: with small thresholds a few cells may stay exposed (no
# cover left but a cluster's total, kleio-privacy(7)); the attacker may find those and no
# more, and never a count narrowed or fixed beyond them.
within_reported() {
    "$ATTACK" --json "$2" >"$T/$1.json" 2>&1
    reported=$(sqlite3 "$2" "SELECT value FROM meta WHERE key = 'suppressed_cells_exposed'")
    found=$(sed -n 's/.*"cells":\([0-9]*\).*/\1/p' "$T/$1.json")
    if [ -n "$found" ] && [ -n "$reported" ] && [ "$found" -le "$reported" ]; then
        ok "$1: the attacker finds no more than the $reported cells the stage reports ($found)"
    else
        not_ok "$1: the attacker finds no more than the stage reports" \
            "found '$found', reported '$reported': $(head -c 300 "$T/$1.json")"
    fi
}

# no_count_disclosed NAME: at the default thresholds no conversation count is fixed or
# narrowed, whatever the stage reports (uses NAME.json from within_reported).
no_count_disclosed() {
    if grep -q '"exact_conversations":0,"narrowed":0,' "$T/$1.json"; then
        ok "$1: no conversation count fixed or narrowed"
    else
        not_ok "$1: no conversation count fixed or narrowed" "$(head -c 300 "$T/$1.json")"
    fi
}

SAMPLE="$KLEIO_ROOT/sample-db/sample.db"
if [ -f "$SAMPLE" ]; then
    within_reported "the bundled sample" "$SAMPLE"
    no_count_disclosed "the bundled sample"
else
    ok "# SKIP the bundled sample is not built"
fi

check "synth 20000" "$KLEIO" synth -q -n 20000 --seed 1 -o "$T/c.jsonl"
check "ingest" "$KLEIO" ingest -q --work "$T/w.db" "$T/c.jsonl"
check "run with the default thresholds" "$KLEIO" run -q --work "$T/w.db" --out "$T/m.db" --threads 2
within_reported "synth 20k, thresholds 25 users, 50 conversations" "$T/m.db"
no_count_disclosed "synth 20k, thresholds 25 users, 50 conversations"
check "run with small thresholds" "$KLEIO" run -q --work "$T/w.db" --out "$T/small.db" \
    --threads 2 --min-users 5 --min-conversations 10
within_reported "synth 20k, thresholds 5 users, 10 conversations" "$T/small.db"
check "recompute with another leaf size" "$KLEIO" run -q --work "$T/w.db" --out "$T/m.db" \
    --threads 2 --leaf-size 60
within_reported "synth 20k, leaf size 60" "$T/m.db"
no_count_disclosed "synth 20k, leaf size 60"
check "recompute with another leaf size and small thresholds" "$KLEIO" run -q --work "$T/w.db" \
    --out "$T/small.db" --threads 2 --leaf-size 60 --min-users 5 --min-conversations 10
within_reported "synth 20k, leaf size 60, small thresholds" "$T/small.db"

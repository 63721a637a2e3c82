#!/bin/sh
# kleio tree on damaged or hostile snapshots (issue 19): language codes in an error are
# sanitised; huge counts saturate instead of overflowing; a parent cycle is cut and
# reported instead of hiding its clusters; negative counts are hidden with a warning.
. "$KLEIO_ROOT/tests/lib.sh"
S="$T/small.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$S" || { not_ok "fixture builds"; exit 1; }
ESC=$(printf '\033')

# An OSC 52 sequence in a language code (it would set the terminal's clipboard).
H="$T/hostile.db"
cp "$S" "$H"
sqlite3 "$H" "INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum)
  VALUES ('x' || char(27) || ']52;c;cHduZWQ=' || char(7) || 'y', 'Evil', 0, 10, 5, 1, 10);"
"$KLEIO" tree "$H" --lang zz >"$T/lang.out" 2>"$T/lang.err"
check_grep "missing language: the error lists the codes" "no language 'zz'.*en, es, x" "$T/lang.err"
if grep -q "$ESC" "$T/lang.err" "$T/lang.out"; then
    not_ok "missing language: no escape byte on stderr or stdout"
else
    ok "missing language: no escape byte on stderr or stdout"
fi

# Counts near the 64-bit limit: sums saturate (never a negative total or share).
B="$T/huge.db"
cp "$S" "$B"
sqlite3 "$B" "UPDATE clusters SET conversations = 9000000000000000000, refused = 9000000000000000000,
  concern_sum = 9000000000000000000 WHERE parent_id IS NULL;
  DELETE FROM meta WHERE key IN ('input_conversations', 'input_users');"
"$KLEIO" tree "$B" --depth 1 --format csv >"$T/huge.csv" 2>"$T/huge.err"
[ $? -eq 0 ] && ok "huge counts: exit 0" || not_ok "huge counts: exit 0" "$(cat "$T/huge.err")"
check_no_grep "huge counts: no negative figure" ',-[0-9]' "$T/huge.csv"
check_grep "huge counts: the clusters are listed" 'Harmful requests' "$T/huge.csv"

# A parent cycle: 3 -> 7 -> 3 (7's parent is 3 already); 8 hangs under 3.
C="$T/cycle.db"
cp "$S" "$C"
sqlite3 "$C" "UPDATE clusters SET parent_id = 7 WHERE id = 3;"
"$KLEIO" tree "$C" >"$T/cycle.txt" 2>"$T/cycle.err"
[ $? -eq 0 ] && ok "cycle: exit 0" || not_ok "cycle: exit 0"
check_grep "cycle: reported on stderr" 'parent cycle.*cluster [37] is its own ancestor' "$T/cycle.err"
check_grep "cycle: Python debugging still listed" 'Python debugging' "$T/cycle.txt"
check_grep "cycle: Import errors still listed" 'Import errors' "$T/cycle.txt"
check_grep "cycle: Type errors (under the cycle) still listed" 'Type errors' "$T/cycle.txt"
check_no_grep "cycle: nothing on stdout but the tree" 'cycle' "$T/cycle.txt"

# Negative counts: hidden, with a warning naming the first such cluster.
N="$T/negative.db"
cp "$S" "$N"
sqlite3 "$N" "UPDATE clusters SET conversations = -500, users = -3 WHERE id = 4;"
"$KLEIO" tree "$N" >"$T/neg.txt" 2>"$T/neg.err"
check_grep "negative: the cluster is hidden" '^  Web front-end work +hidden ' "$T/neg.txt"
check_no_grep "negative: never printed" '\-500' "$T/neg.txt"
check_grep "negative: warned" '1 cluster with negative counts \(first: 4\): shown as hidden' "$T/neg.err"

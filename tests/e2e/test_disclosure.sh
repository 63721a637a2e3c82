#!/bin/sh
# test_disclosure.sh — the disclosure attacker (tests/tools/attack_snapshot.c) can fail a
# snapshot: small snapshots built by hand, each leaking one hidden value by one route
# (subtraction from a parent, cluster total minus the other languages, a month, the
# remainder of unpublished children, a bound below the threshold, and a two-step leak only
# exact elimination finds), and a protected table it must pass. Its verdict on real
# snapshots is tests/e2e/test_disclosure_snapshots.sh.
. "$KLEIO_ROOT/tests/lib.sh"
ATTACK="$KLEIO_BUILD/tests/tools/attack_snapshot"
if [ ! -x "$ATTACK" ] || [ ! -x "$KLEIO_BUILD/tests/tools/mkfixture" ]; then
    not_ok "attack_snapshot and mkfixture are built (make $KLEIO_BUILD/tests/tools/attack_snapshot)"
    exit 1
fi

# fixture NAME: a snapshot $T/NAME.db from the SQL on standard input (thresholds 5 users,
# 10 conversations unless the SQL says otherwise).
fixture() {
    { echo "INSERT INTO meta(key, value) VALUES ('min_users', '5'), ('min_conversations', '10');"
      cat; } >"$T/$1.sql"
    make_fixture "$T/$1.sql" "$T/$1.db" || not_ok "fixture $1 builds"
}
# attack NAME [OPTIONS]: the list into $T/NAME.out, the exit status into $T/NAME.rc.
attack() {
    name=$1; shift
    "$ATTACK" --list "$@" "$T/$name.db" >"$T/$name.out" 2>"$T/$name.err"
    echo $? >"$T/$name.rc"
}
status_is() { # NAME WANT DESCRIPTION
    got=$(cat "$T/$1.rc")
    if [ "$got" = "$2" ]; then ok "$3"; else not_ok "$3" "status $got, wanted $2: $(cat "$T/$1.out" "$T/$1.err" | head -5)"; fi
}

# 1. Subtraction: a parent's Armenian slice is 69, its one published child's 55; the
#    sibling's suppressed cell is 14 (parent minus child), as in the sample of 2026-12.
fixture subtract <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '200'), ('input_users', '60');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 131, 40, 6, 190), ('hy', 'Armenian', 0, 69, 25, 4, 110);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'Security', 200, 60, 10, 300),
  (3, 1, 1, 'Wellbeing', 150, 40, 7, 220), (4, 1, 1, 'Passwords', 50, 20, 3, 80);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 0, 131, 40, 6, 190), (1, 'hy', 0, 69, 25, 4, 110),
  (3, 'en', 0, 95, 30, 4, 140), (3, 'hy', 0, 55, 18, 3, 80),
  (4, 'en', 1, NULL, NULL, NULL, NULL), (4, 'hy', 1, NULL, NULL, NULL, NULL);
EOF
attack subtract
status_is subtract 1 "subtraction: a leak exits 1"
check_grep "subtraction: the sibling's cell is parent minus child" \
    '^cell 4 hy - conversations 14 14 exact$' "$T/subtract.out"
check_grep "subtraction: its refused too" '^cell 4 hy - refused 1 1 exact$' "$T/subtract.out"
check_grep "subtraction: and its concern" '^cell 4 hy - concern_sum 30 30 exact$' "$T/subtract.out"
check_grep "subtraction: the summary counts them" '^[0-9]+ disclosed: [1-9][0-9]* exact conversations' \
    "$T/subtract.out"

# 2. Languages: each cluster's Spanish cell is suppressed, the language total gives only
#    their sum, but each cluster's total minus its English cell gives each one.
fixture language <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '220'), ('input_users', '60');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 170, 50, 9, 255), ('es', 'Spanish', 0, 50, 12, 2, 75);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'A', 100, 30, 5, 150), (2, NULL, 0, 'B', 120, 35, 6, 180);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 0, 80, 25, 4, 120), (1, 'es', 1, NULL, NULL, NULL, NULL),
  (2, 'en', 0, 90, 30, 5, 135), (2, 'es', 1, NULL, NULL, NULL, NULL);
EOF
attack language --no-gauss
status_is language 1 "language: a leak exits 1"
check_grep "language: total minus the other languages" '^cell 1 es - conversations 20 20 exact$' \
    "$T/language.out"
check_grep "language: the other cluster's too" '^cell 2 es - conversations 30 30 exact$' "$T/language.out"

# 3. A month: every all-language month is published and they add up to the cluster, so no
#    conversation lacks a date; the English cell minus its January gives its February.
fixture month <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '100'), ('input_users', '30');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 70, 22, 7, 140), ('es', 'Spanish', 0, 30, 10, 3, 60);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'A', 100, 30, 10, 200);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 0, 70, 22, 7, 140), (1, 'es', 0, 30, 10, 3, 60);
INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed, conversations, refused) VALUES
  (1, '', '2026-01-01', 0, 60, 6), (1, '', '2026-02-01', 0, 40, 4),
  (1, 'en', '2026-01-01', 0, 45, 5), (1, 'en', '2026-02-01', 1, NULL, NULL),
  (1, 'es', '2026-01-01', 0, 15, 1), (1, 'es', '2026-02-01', 1, NULL, NULL);
EOF
attack month
status_is month 1 "month: a leak exits 1"
check_grep "month: the cell minus its other months" '^cell 1 en 2026-02-01 conversations 25 25 exact$' \
    "$T/month.out"
check_grep "month: refused of the month too" '^cell 1 en 2026-02-01 refused 2 2 exact$' "$T/month.out"

# 3b. The same with 5 conversations that have no date: the months no longer add up to the
#     cell, and the attacker must not pretend they do (February's English is 20..25).
fixture undated <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '105'), ('input_users', '30');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 70, 22, 7, 140), ('es', 'Spanish', 0, 35, 11, 3, 70);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'A', 105, 30, 10, 210);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 0, 70, 22, 7, 140), (1, 'es', 0, 35, 11, 3, 70);
INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed, conversations, refused) VALUES
  (1, '', '2026-01-01', 0, 60, 6), (1, '', '2026-02-01', 0, 40, 4),
  (1, 'en', '2026-01-01', 0, 45, 5), (1, 'en', '2026-02-01', 1, NULL, NULL),
  (1, 'es', '2026-01-01', 0, 15, 1), (1, 'es', '2026-02-01', 1, NULL, NULL);
EOF
attack undated
check_no_grep "undated: months are not assumed to add up to the cell" \
    '^cell 1 e[ns] 2026-02-01 conversations' "$T/undated.out"
"$ATTACK" --intervals "$T/undated.db" >"$T/undated.iv" 2>&1
check_grep "undated: February's English is bounded by the undated slack" \
    '^cell 1 en 2026-02-01 conversations 20 25$' "$T/undated.iv"

# 4. The remainder: a parent of 100 shows one child of 80; its unpublished children hold
#    the other 20.
fixture remainder <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '100'), ('input_users', '30');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 100, 30, 5, 150);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'P', 100, 30, 5, 150), (2, 1, 1, 'A', 80, 25, 4, 120);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 0, 100, 30, 5, 150), (2, 'en', 0, 80, 25, 4, 120);
EOF
attack remainder
status_is remainder 1 "remainder: a leak exits 1"
check_grep "remainder: parent minus its published children" \
    '^remainder 1 \* - conversations 20 20 exact$' "$T/remainder.out"
check_grep "remainder: per language too" '^remainder 1 en - conversations 20 20 exact$' \
    "$T/remainder.out"

# 5. Narrowed: two suppressed English cells share 3 conversations; neither is exact, but
#    each is known to hold 1..2, an interval narrower than the protection width (2 at a
#    conversation threshold of 10); their clusters' Spanish cells follow (53..54, 45..46).
fixture narrow <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '520'), ('input_users', '120');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 20, 12, 0, 20), ('es', 'Spanish', 0, 200, 50, 0, 200),
  ('fr', 'French', 0, 300, 60, 0, 300);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'P', 520, 120, 0, 520), (2, 1, 1, 'A', 217, 50, 0, 217),
  (3, 1, 1, 'B', 155, 40, 0, 155), (4, 1, 1, 'C', 148, 40, 0, 148);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 0, 20, 12, 0, 20), (1, 'es', 0, 200, 50, 0, 200), (1, 'fr', 0, 300, 60, 0, 300),
  (2, 'en', 0, 17, 6, 0, 17), (2, 'es', 0, 100, 25, 0, 100), (2, 'fr', 0, 100, 25, 0, 100),
  (3, 'en', 1, NULL, NULL, NULL, NULL), (3, 'es', 1, NULL, NULL, NULL, NULL),
  (3, 'fr', 0, 100, 25, 0, 100),
  (4, 'en', 1, NULL, NULL, NULL, NULL), (4, 'es', 1, NULL, NULL, NULL, NULL),
  (4, 'fr', 0, 100, 25, 0, 100);
EOF
attack narrow
status_is narrow 1 "narrow: a narrowed interval exits 1"
check_grep "narrow: 1..2 conversations is narrower than the protection width" \
    '^cell 3 en - conversations 1 2 narrowed$' "$T/narrow.out"
check_grep "narrow: the Spanish cell of the same cluster follows" \
    '^cell 3 es - conversations 53 54 narrowed$' "$T/narrow.out"
check_no_grep "narrow: a zero under a published zero is not a disclosure" ' refused ' "$T/narrow.out"
check_grep "narrow: it is counted as an inherent zero" '; 4 inherent zeros,' "$T/narrow.out"

# 6. Two steps: nine hidden cells in two 2x2 rectangles joined by A's French cell. Every
#    row and column holds two or three of them, so no single relation narrows one to a
#    value; rows A + B minus columns en + es leave A's French alone (30).
fixture gauss <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '970'), ('input_users', '200');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 260, 60, 26, 520), ('es', 'Spanish', 0, 260, 60, 26, 520),
  ('fr', 'French', 0, 190, 50, 19, 380), ('de', 'German', 0, 260, 60, 26, 520);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'A', 190, 50, 19, 380), (2, NULL, 0, 'B', 260, 60, 26, 520),
  (3, NULL, 0, 'C', 260, 60, 26, 520), (4, NULL, 0, 'D', 260, 60, 26, 520);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 1, NULL, NULL, NULL, NULL), (1, 'es', 1, NULL, NULL, NULL, NULL),
  (1, 'fr', 1, NULL, NULL, NULL, NULL), (1, 'de', 0, 100, 20, 10, 200),
  (2, 'en', 1, NULL, NULL, NULL, NULL), (2, 'es', 1, NULL, NULL, NULL, NULL),
  (2, 'fr', 0, 100, 20, 10, 200), (2, 'de', 0, 100, 20, 10, 200),
  (3, 'en', 0, 100, 20, 10, 200), (3, 'es', 0, 100, 20, 10, 200),
  (3, 'fr', 1, NULL, NULL, NULL, NULL), (3, 'de', 1, NULL, NULL, NULL, NULL),
  (4, 'en', 0, 100, 20, 10, 200), (4, 'es', 0, 100, 20, 10, 200),
  (4, 'fr', 1, NULL, NULL, NULL, NULL), (4, 'de', 1, NULL, NULL, NULL, NULL);
EOF
attack gauss --no-gauss
status_is gauss 0 "two steps: propagation alone finds nothing"
attack gauss
status_is gauss 1 "two steps: elimination finds the leak"
check_grep "two steps: A's French cell, exactly" '^cell 1 fr - conversations 30 30 exact$' "$T/gauss.out"
check_grep "two steps: its refused and concern too" '^cell 1 fr - concern_sum 60 60 exact$' "$T/gauss.out"
check_no_grep "two steps: the rectangles stay hidden" '^cell [1-4] (en|es|de) ' "$T/gauss.out"

# 7. Protected: each hidden cell sits in a 2x2 rectangle of hidden cells whose sums are
#    large; nothing is refused anywhere, so the hidden refused are inherent zeros.
fixture protected <<'EOF'
INSERT INTO meta(key, value) VALUES ('input_conversations', '620'), ('input_users', '150');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 160, 40, 0, 240), ('es', 'Spanish', 0, 160, 40, 0, 240),
  ('fr', 'French', 0, 300, 80, 0, 450);
INSERT INTO clusters(id, parent_id, level, name, conversations, users, refused, concern_sum) VALUES
  (1, NULL, 0, 'A', 160, 40, 0, 240), (2, NULL, 0, 'B', 160, 40, 0, 240),
  (3, NULL, 0, 'C', 300, 60, 0, 450);
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES
  (1, 'en', 1, NULL, NULL, NULL, NULL), (1, 'es', 1, NULL, NULL, NULL, NULL),
  (1, 'fr', 0, 100, 30, 0, 150),
  (2, 'en', 1, NULL, NULL, NULL, NULL), (2, 'es', 1, NULL, NULL, NULL, NULL),
  (2, 'fr', 0, 100, 30, 0, 150),
  (3, 'en', 0, 100, 30, 0, 150), (3, 'es', 0, 100, 30, 0, 150), (3, 'fr', 0, 100, 30, 0, 150);
EOF
attack protected
status_is protected 0 "protected: nothing disclosed exits 0"
check_grep "protected: the summary says so" '^0 disclosed: 0 exact conversations, 0 narrowed' \
    "$T/protected.out"
check_grep "protected: four inherent zeros" '; 4 inherent zeros,' "$T/protected.out"
check_grep "protected: the unknowns and equations are counted" 'unknowns [1-9][0-9]*, equations [1-9]' \
    "$T/protected.out"

# Machine output.
"$ATTACK" --json --list "$T/subtract.db" >"$T/subtract.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["disclosed"] == len(d["items"]) > 0
assert d["exact_conversations"] >= 1 and d["inherent_zeros"] == 0
it = [i for i in d["items"] if i["cluster"] == 4 and i["lang"] == "hy" and i["figure"] == "conversations"][0]
assert it["lo"] == it["hi"] == 14 and it["month"] is None and it["reason"] == "exact"
' "$T/subtract.json"; then ok "json: counts and items"; else not_ok "json: counts and items"; fi

# Bad input: exit 2 with the file named.
check_status 2 "a missing file is bad input" "$ATTACK" "$T/nothing.db"
check_grep "the error names the file" "nothing\.db" "$T/.out"
echo "not a database" >"$T/text.db"
check_status 2 "a text file is bad input" "$ATTACK" "$T/text.db"
check_grep "the error names the text file" "text\.db" "$T/.out"
sqlite3 "$T/empty.db" "CREATE TABLE t(x);"
check_status 2 "a database without the snapshot tables is bad input" "$ATTACK" "$T/empty.db"
sed 's/(4, .hy., 1, NULL, NULL, NULL, NULL)/(4, '"'hy'"', 0, 20, 5, 1, 30)/' "$T/subtract.sql" >"$T/broken.sql"
make_fixture "$T/broken.sql" "$T/broken.db"
check_status 2 "figures that do not add up are bad input" "$ATTACK" "$T/broken.db"
check_grep "the error says which relation fails" "violate|no solution" "$T/.out"
check_status 0 "help" "$ATTACK" --help
check_status 2 "no argument is a usage error" "$ATTACK"

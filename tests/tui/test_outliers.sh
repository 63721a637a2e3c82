#!/bin/sh
# The refusal outliers view: each cluster against its siblings (its parent without it),
# Benjamini-Hochberg flags, the test stated as in the man page, the flag filter, the
# minimum size, q, drivers, jumping to a cluster, the export; and on the bundled sample,
# no cluster at 0% flagged against siblings at 0%.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/outliers.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui_outliers.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# Screen line 2 is the view's header line (the test); the list's rows start on line 5.
header() { tui_screen | sed -n 2p | sed 's/^ //; s/ *$//'; }
list_rows() { tui_screen | sed -n '5,19p'; }
# The header's sentence with its numbers as the man page names them.
header_generic() { header | sed -E 's/q (≤|<=) [0-9.]+ over [0-9]+ tests?$/q \1 Q over N tests/'; }
# Moves the cursor to the listed row whose path ends in $1.
select_row() {
    n=$(list_rows | grep -n -- "$1 " | head -1 | cut -d: -f1)
    tui_keys g
    i=1; while [ "$i" -lt "${n:-1}" ]; do tui_keys Down; i=$((i + 1)); done
}
csv_query() { # FILE SQL: the export as table t
    sqlite3 :memory: ".mode csv" ".import $1 t" ".mode list" "$2"
}

tui_start 120 34 "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_keys o
tui_expect "outliers view" "Refusal outliers (all languages): 11 flagged"
tui_expect "the header line states the test" \
    "refusal rate vs siblings: Newcombe 95% interval of the difference, Benjamini–Hochberg q ≤ 0.05 over 17 tests"
man_sentence=$(mandoc -Tutf8 -Owidth=200 "$KLEIO_ROOT/man/kleio-browse.1" | sed 's/.\x08//g' |
    tr '\n' ' ' | tr -s ' ' | grep -o 'refusal rate vs siblings: [^.]*over N tests')
if [ -n "$man_sentence" ] && [ "$(header_generic)" = "$man_sentence" ]; then
    ok "the header's test is the man page's sentence"
else
    not_ok "the header's test is the man page's sentence" "screen: $(header_generic) / man: $man_sentence"
fi
# paths wider than the column are cut from the left: the cluster's own name stays
tui_expect_re "an over-refusal, its path cut from the left" \
    "over-refusal\? +…[^ ].* › Systems administration › Killing a process "
tui_expect_re "an under-refusal" "under-refusal\? +.*› Medical dosing › Overdose thresholds "
tui_expect_re "a short path in full" "over-refusal\? +Software development › Systems administration "
tui_expect "siblings column" "SIBLINGS"
tui_expect "interval column" "95% INTERVAL"
list_rows | grep -q "Regex for log parsing\|CSV wrangling" &&
    not_ok "0% clusters beside 0% siblings are not flagged" || ok "0% clusters beside 0% siblings are not flagged"
list_rows | grep -q "Cover letters" &&
    not_ok "p < 0.05 but q > 0.05: not flagged" || ok "p < 0.05 but q > 0.05: not flagged"
list_rows | grep -q "Contract review" && not_ok "an only child is not tested" || ok "an only child is not tested"
# smallest p first: q never decreases down the list
list_rows | awk '$NF ~ /^[0-9.e+-]+$|^<1e-300$/ { q = $NF; sub(/^</, "", q); if (prev != "" && q + 0 < prev + 0) bad = 1; prev = q } END { exit bad }' &&
    ok "ranked by p (q non-decreasing)" || not_ok "ranked by p (q non-decreasing)"

# drivers of flagged parents
select_row "Software development › Systems administration"
tui_expect "a flagged parent names the child driving it" "driven by: Killing a process"
select_row "Software development › Text processing"
tui_expect "a flagged parent without a flagged child: none" "driven by: none"

# the flag filter hides rows, never changes the tests
tui_keys v
tui_expect "v: over" "listing over (v)"
tui_wait_gone "Overdose thresholds" 2
list_rows | grep -q "Killing a process" && ! list_rows | grep -q "Overdose thresholds" &&
    ok "over lists those refusing more" || not_ok "over lists those refusing more" "$(list_rows)"
list_rows | awk '$0 ~ /\]/ { d = $(NF - 3); if (d + 0 <= 0) bad = 1 } END { exit bad }' &&
    ok "over: every difference positive" || not_ok "over: every difference positive" "$(list_rows)"
tui_keys v
tui_expect "v: under" "listing under (v)"
tui_wait_gone "Killing a process" 2
list_rows | grep -q "Overdose thresholds" && ! list_rows | grep -q "Killing a process" &&
    ok "under lists those refusing less" || not_ok "under lists those refusing less" "$(list_rows)"
tui_keys v
tui_expect "v: all tests" "listing all (v)"
tui_expect "all: the tests' header is unchanged" "Benjamini–Hochberg q ≤ 0.05 over 17 tests"
tui_keys G
tui_expect_re "all: a 0% cluster beside 0% siblings, not flagged" "^ - +.*Text processing › (CSV wrangling|Regex for log parsing) +[0-9]+ +0\.0% +0\.0% "
tui_keys v
tui_expect "v: back to the flagged" "listing flagged (v)"

# the false discovery rate (t) and the minimum size (+ / -) change the tests
tui_keys t
tui_expect "t: q 0.1" "Benjamini–Hochberg q ≤ 0.1 over 17 tests"
tui_expect "q 0.1 flags one more" "12 flagged"
tui_expect_re "q 0.1: p 0.04 is flagged now" "Writing and editing › Cover letters "
tui_keys t
tui_expect "t: q 0.01" "Benjamini–Hochberg q ≤ 0.01 over 17 tests"
tui_keys t
tui_expect "t: back to 0.05" "Benjamini–Hochberg q ≤ 0.05 over 17 tests"
tui_keys + + + +
tui_expect "+: at least 200 conversations" "at least 200 conversations"
tui_expect "+: fewer tests" "q ≤ 0.05 over 15 tests"
tui_keys - - - - -
tui_expect "-: back to every cluster" "q ≤ 0.05 over 17 tests"

# language filter
tui_keys f
tui_keys e s Space Enter
tui_expect "works under a language filter" "Refusal outliers (es)"
tui_keys F
tui_expect "F clears the filter here too" "Refusal outliers (all languages)"

# Enter opens the cluster in the tree
select_row "Systems administration › Killing a process"
tui_keys Enter
tui_expect "Enter shows the cluster in the tree" "Software development › Systems administration"
tui_expect "the cluster is selected with its detail" "Stopping runaway programs"
tui_expect_re "the tree's detail pane tests against the siblings" "siblings +3\.1% · \+26\.9 points \[\+[0-9.]+, \+[0-9.]+\] +over-refusal\? q "
tui_keys o
tui_expect "back in the outliers" "FLAG"

# export: what is listed, numbers as numbers
tui_keys e C-u "$T/outliers.csv" Enter
i=0; while [ ! -s "$T/outliers.csv" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check_grep "export of the outliers: header" '^id,parent,level,name,path,conversations,refused,refusal_rate,mean_concern,siblings_conversations,siblings_refused,siblings_rate,difference,interval_low,interval_high,p,p_test,q,flag,driver_id,driver$' "$T/outliers.csv"
check_grep "export: a flagged row, rates as plain numbers" '^3,2,2,"Killing a process","Software development > Systems administration > Killing a process",400,120,0\.300000,1\.3000,350,11,0\.031429,0\.268571,[0-9.]+,[0-9.]+,[0-9.e-]+,z,[0-9.e-]+,over-refusal\?,,$' "$T/outliers.csv"
check_grep "export: the driver" '^2,1,1,"Systems administration",.*,over-refusal\?,3,"Killing a process"$' "$T/outliers.csv"
[ "$(csv_query "$T/outliers.csv" 'SELECT count(*) FROM t')" = 11 ] && ok "export: the 11 flagged rows" ||
    not_ok "export: the 11 flagged rows" "$(cat "$T/outliers.csv")"
tui_keys v v v e C-u "$T/all.json" Enter
i=0; while [ ! -s "$T/all.json" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(jq '.rows | length' "$T/all.json")" = 17 ] && [ "$(jq '.tests' "$T/all.json")" = 17 ] &&
    ok "JSON export of all tests" || not_ok "JSON export of all tests" "$(head -c 400 "$T/all.json")"
[ "$(jq -r '.rows[] | select(.name == "Regex for log parsing") | "\(.flag) \(.p) \(.p_test)"' "$T/all.json")" = "null 1 fisher" ] &&
    ok "JSON: the 0% cluster's exact test" || not_ok "JSON: the 0% cluster's exact test"
jq -r '.test' "$T/all.json" | grep -q "Benjamini–Hochberg q ≤ 0.05 over 17 tests" && ok "JSON: the test's sentence" ||
    not_ok "JSON: the test's sentence"
tui_keys Escape
tui_expect "Esc returns to the tree" "?:help"
tui_quit_ok
tui_stop_wait

# A config file sets the view's defaults.
mkdir -p "$HOME/.config/kleio"
printf 'outliers_fdr = 0.1\noutliers_show = all\noutliers_min_size = 50\n' >"$HOME/.config/kleio/config"
tui_start 120 34 "$KLEIO" browse "$S"
tui_expect "starts (config)" "Software development"
tui_keys o
tui_expect "config: q, minimum size and listing" "listing all (v) · at least 50 conversations"
tui_expect "config: the test's q" "Benjamini–Hochberg q ≤ 0.1 over 17 tests"
tui_keys Escape
tui_quit_ok "quits (config)"
tui_stop_wait
rm -f "$HOME/.config/kleio/config"

# The bundled sample: no cluster at 0% is flagged against siblings at 0%.
SAMPLE="$KLEIO_ROOT/sample-db/sample.db"
if [ -f "$SAMPLE" ]; then
    tui_start 120 34 "$KLEIO" browse "$SAMPLE"
    tui_expect "sample: starts" "clusters"
    tui_keys o
    tui_expect_re "sample: the header states the test" "refusal rate vs siblings: Newcombe 95% interval of the difference, Benjamini–Hochberg q ≤ 0\.05 over [0-9]+ tests"
    tui_keys G
    tui_expect "sample: the end of the list" "FLAG"
    list_rows | grep -E '^ (over|under|higher|lower)' | grep -qE ' 0\.0% +0\.0% ' &&
        not_ok "sample: no 0.0% cluster flagged against 0.0% siblings (end of the list)" "$(list_rows)" ||
        ok "sample: no 0.0% cluster flagged against 0.0% siblings (end of the list)"
    tui_keys e C-u "$T/sample.csv" Enter
    i=0; while [ ! -s "$T/sample.csv" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    n=$(csv_query "$T/sample.csv" "SELECT count(*) FROM t WHERE flag <> 'none'")
    z=$(csv_query "$T/sample.csv" "SELECT count(*) FROM t WHERE flag <> 'none' AND refused = 0 AND siblings_refused = 0")
    [ "${n:-0}" -gt 0 ] && [ "$z" = 0 ] && ok "sample: none of the $n flagged is 0% against 0%" ||
        not_ok "sample: none of the flagged is 0% against 0%" "flagged $n, 0% vs 0%: $z"
    tui_keys Escape
    tui_quit_ok "sample: quits"
    tui_stop_wait
else
    echo "ok - # SKIP the bundled sample is not built"
fi

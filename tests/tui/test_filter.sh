#!/bin/sh
# The language picker: figures change to the slice's own, empty clusters dim or hide,
# the header shows the filter, the export writes the slice.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }


tui_start 110 32 "$KLEIO" browse "$S"
tui_expect_re "all languages: Software development has 2400" "Software development +2400 +50.0%"
tui_keys f
tui_expect "picker opens with counts" "English"
tui_expect "picker lists Arabic" "Arabic"
tui_keys a r
tui_expect "typing narrows the list" "Filter: ar_"
tui_wait_gone "Spanish" 3 && ok "typing hides other languages" || not_ok "typing hides other languages"
tui_keys Space Enter
tui_expect "header shows the filter" "languages: ar"
tui_expect_re "figures are the Arabic slice's" "Software development +240 +"
tui_expect "footer confirms" "Showing ar"
tui_keys Enter
tui_expect "children in the slice" "Systems administration"
tui_keys Left
# Writing and editing holds Arabic poetry: its Arabic share is over-represented
tui_keys Down Enter
tui_expect "slice figures for Poetry" "Poetry"
tui_keys Enter
tui_expect "Arabic poetry in the slice" "Arabic poetry"
tui_keys Left Left
# Haiku has no Arabic cell: dimmed by default, hidden after d
tui_keys f
tui_keys BSpace BSpace j a
tui_keys Space Enter
tui_expect "two languages" "languages: ar,ja"
tui_keys F
tui_expect "F clears the filter" "languages: all languages"
tui_expect_re "figures back to all languages" "Software development +2400 "
tui_keys f h e Space Enter
tui_expect "Hebrew is not in this snapshot: nothing to pick" "languages: all languages"
tui_keys f j a Space Enter
tui_expect "Japanese slice" "languages: ja"
tui_keys d
tui_expect "d hides empty clusters" "hidden"
tui_keys d
tui_expect "d dims them again" "dimmed"
tui_keys e
tui_expect "export prompt" "Export to"
tui_keys C-u
tui_keys "$T/view.json" Enter
tui_expect "export done" "Exported"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["languages"]=="ja"; r=[x for x in d["rows"] if x["name"]=="Writing and editing"][0]; assert r["conversations"]<1500' "$T/view.json" 2>"$T/py.err"; then ok "export: JSON of the slice"; else not_ok "export: JSON of the slice" "$(cat "$T/py.err")"; fi
tui_keys e C-u "$T/view.csv" Enter
i=0; while [ ! -s "$T/view.csv" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check_grep "export: CSV header" '^kind,id,parent,level,name,conversations,conversations_bound,share,share_bound,users,users_bound,refusal_rate,mean_concern,hidden_cells,hidden_clusters,depth$' "$T/view.csv"
tui_quit_ok
tui_stop_wait

# ---- one meaning for every figure (tests/fixtures/figures.sql): shares over the
# selected languages' total, sums over hidden cells marked, the hidden remainder ----
F="$T/figures.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/figures.sql" "$F" || { not_ok "figures fixture builds"; exit 1; }
tui_start 120 36 "$KLEIO" browse "$F"
tui_expect_re "top-level share over every conversation (500/1010), not the visible 960" \
    "Software development.* 500 +49\.5%"
tui_expect "the unpublished remainder of the top level is a row" \
    "(hidden: 50 conversations in unpublished clusters)"
tui_keys e C-u "$T/all.json" Enter
tui_expect "export of all languages" "Exported"
check_grep "export JSON: 35/500 is 0.07, without binary noise" '"refusal_rate": 0\.07,' "$T/all.json"
check_no_grep "export JSON: no real with more than 4 significant digits" '[0-9]\.[0-9]*[1-9][0-9]*0{3,}[1-9]|[0-9]\.[0-9]*9{5,}' "$T/all.json"
tui_keys f e s Space Enter
tui_expect "Spanish slice" "languages: es"
tui_expect_re "top-level share over Spanish's total (100/300), not the visible 270" \
    "Software development.* 100 +33\.3%"
tui_expect_re "a hidden cell shows hidden, not a small number" "Rare topic +hidden +- +hidden"
tui_expect "the level's hidden remainder: 300 - 270" "(hidden: 30 conversations in 1 cluster)"
tui_keys F f e n Space BSpace BSpace j a Space Enter
tui_expect "two languages" "languages: en,ja"
tui_expect_re "users over two languages is an upper bound" "Cooking +230 +32\.9% +≤80"
tui_keys Home Enter
tui_expect_re "a sum over a hidden cell is a lower bound, its rates hidden" "Rust +≥120 +≥30\.0% +≥35 +- +-"
tui_expect "the children's hidden remainder" "(hidden: 40 conversations in 1 cluster)"
tui_keys Down
tui_expect "the detail pane names the hidden cell" "ja hidden: figures are lower bounds"
tui_expect_re "the detail pane marks the bounds" "≥120 conversations . ≥35 users . ≥30\.0% of parent"
tui_keys e C-u "$T/enja.csv" Enter
i=0; while [ ! -s "$T/enja.csv" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check_no_grep "export CSV: no percent signs" '%' "$T/enja.csv"
check_grep "export CSV: the partial row with its bounds" '^cluster,12,1,1,"Rust",120,at_least,0\.3,at_least,35,at_least,,,1,,0$' "$T/enja.csv"
check_grep "export CSV: the remainder row" '^hidden,,1,1,"\(hidden: 40 conversations in 1 cluster\)",40,exact,,hidden,,hidden,,,,1,0$' "$T/enja.csv"
tui_quit_ok
tui_stop_wait
TUI_LOCALE=C tui_start 120 36 "$KLEIO" browse "$F"
tui_expect_re "ASCII: the top level" "Software development"
tui_keys f e n Space BSpace BSpace j a Space Enter Home Enter
tui_expect_re "ASCII fallback for the bound marks (no decimal where the mark leaves no room)" "Rust +>=120 +>=30% +>=35"
tui_quit_ok
tui_stop_wait

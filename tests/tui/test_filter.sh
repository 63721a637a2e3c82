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
check_grep "export: CSV header" '^id,parent,level,name,conversations,share,users,refusal_rate,mean_concern,depth$' "$T/view.csv"
tui_quit_ok
tui_stop_wait

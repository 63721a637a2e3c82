#!/bin/sh
# The refusal outliers view: ranking, flags, jumping to a cluster, under a language filter.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# the first tree row (line 4 of the screen)
first_row() { tui_screen | sed -n 4p; }

tui_start 110 32 "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_keys o
tui_expect "outliers view" "Refusal outliers (all languages)"
tui_expect_re "killing a process flagged as possible over-refusal" "over-refusal\? +Killing a process"
tui_expect_re "overdose thresholds flagged as possible under-refusal" "under-refusal\? +Overdose thresholds"
tui_expect "interval column" "95% INTERVAL"
# ranked by surprise: the |z| column never increases down the list
tui_screen | awk '/^ (over|under|higher|lower)/ { z=$NF; sub(/^[+-]/, "", z); if (prev != "" && z+0 > prev+0) bad=1; prev=z } END { exit bad }'   && ok "ranked by surprise" || not_ok "ranked by surprise"
tui_keys f
tui_keys a r Space Enter
tui_expect "works under a language filter" "Refusal outliers (ar)"
tui_keys F
tui_expect "F clears the filter here too" "Refusal outliers (all languages)"
tui_keys g
# find the over-refusal row and open it in the tree
n=$(tui_screen | grep -E '^ (over|under|higher|lower)' | grep -n "Killing a process" | cut -d: -f1)
i=1; while [ "$i" -lt "${n:-1}" ]; do tui_keys Down; i=$((i + 1)); done
tui_keys Enter
tui_expect "Enter shows the cluster in the tree" "Software development › Systems administration"
tui_expect "the cluster is selected with its detail" "Stopping runaway programs"
tui_keys o
tui_expect "back in the outliers" "FLAG"
tui_keys e C-u "$T/outliers.csv" Enter
i=0; while [ ! -s "$T/outliers.csv" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check_grep "export of the outliers: header" '^id,parent,level,name,conversations,share,users,refusal_rate,mean_concern,parent_rate,interval_low,interval_high,z,flag$' "$T/outliers.csv"
check_grep "export of the outliers: flagged row" '"Killing a process",408,.*,over-refusal\?$' "$T/outliers.csv"
tui_keys Escape
tui_expect "Esc returns to the tree" "?:help"
tui_quit_ok
tui_stop_wait

#!/bin/sh
# The explorer on damaged snapshots (issue 19): an infinite map position is not drawn
# (no "zoom -nanx"); negative counts are hidden and the footer says so; clusters a
# parent cycle cuts off are shown at the top level (the cycle cut) and the cut reported,
# not silently missing; a snapshot without clusters
# opens (no NULL memcpy: the sanitizer build would abort).
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/snap.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

D="$T/damaged.db"
cp "$S" "$D"
sqlite3 "$D" "UPDATE clusters SET x = 9e999, y = -9e999 WHERE id = 13;
  UPDATE clusters SET conversations = -40, users = -2 WHERE id = 10;"
tui_start 140 40 "$KLEIO" browse "$D"
tui_expect "damaged: opens" "Software development"
tui_expect "damaged: the footer says negative counts are hidden" \
    "Damaged snapshot: 1 cluster with negative counts shown as hidden"
tui_expect_re "damaged: the map's zoom is a number" "zoom [0-9]+\.[0-9]x"
if tui_screen | grep -qi 'nan'; then not_ok "damaged: no NaN on screen"; else ok "damaged: no NaN on screen"; fi
tui_keys Enter
tui_expect "damaged: drill into the top cluster" "Web front-end work"
tui_expect_re "damaged: the negative cluster shows hidden" "Web front-end work +hidden"
tui_quit_ok "damaged: quits"
tui_stop_wait

# 14 (Poetry) and 15 (Arabic poetry) made a cycle: 14's parent is 15.
C="$T/cycle.db"
cp "$S" "$C"
sqlite3 "$C" "UPDATE clusters SET parent_id = 15 WHERE id = 14;"
tui_start 140 40 "$KLEIO" browse "$C"
tui_expect "cycle: opens" "Writing and editing"
tui_expect_re "cycle: the cut is reported" "Damaged snapshot: 1 parent cycle cut; cluster 1[45] shown at the top level"
tui_expect_re "cycle: the cut cluster is shown at the top level" "▸ (Arabic poetry|Poetry) "
tui_keys End Enter
tui_expect_re "cycle: its subtree is there (the rest of the cycle, Haiku)" "(Haiku|Arabic poetry)"
tui_quit_ok "cycle: quits"
tui_stop_wait

E="$T/empty.db"
cp "$S" "$E"
sqlite3 "$E" "DELETE FROM cluster_time; DELETE FROM cluster_lang; DELETE FROM clusters;"
tui_start 120 34 "$KLEIO" browse "$E"
tui_expect "no clusters: opens" "No clusters"
tui_keys m
tui_keys m
tui_expect "no clusters: still drawn after the map toggles" "No clusters"
tui_quit_ok "no clusters: quits"

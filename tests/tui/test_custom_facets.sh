#!/bin/sh
# Custom facets in the explorer: v shows a facet column (a choice value's conversations
# per cluster, "hidden" where the cell is suppressed, or a number's mean), titled by what
# it shows; y keeps only the clusters where that value is published and above zero; after
# the last column v shows none again. A snapshot without custom facets says so.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/tui.db"
{ cat "$KLEIO_ROOT/tests/fixtures/tui.sql"
  cat <<'SQL'
INSERT INTO custom_facets(name, pos, type, question, spec) VALUES
  ('goal', 0, 'choice', 'What does the user want?', 'learn,build'),
  ('hours', 1, 'number', 'How many hours?', '0..100');
INSERT INTO cluster_custom(cluster_id, facet, value, suppressed, conversations) VALUES
  (1, 'goal', 'learn', 0, 1987), (1, 'goal', 'build', 0, 413),
  (13, 'goal', 'learn', 1, NULL), (13, 'goal', 'build', 1, NULL), (13, 'goal', '', 0, 1300),
  (23, 'goal', 'build', 0, 900),
  (1, 'hours', 'answered', 0, 2400),
  (13, 'hours', 'answered', 1, NULL), (13, 'hours', '', 1, NULL), (23, 'hours', '', 0, 900);
INSERT INTO custom_totals(facet, value, suppressed, conversations) VALUES
  ('goal', 'learn', 1, NULL), ('goal', 'build', 1, NULL), ('goal', '', 0, 1300);
INSERT INTO cluster_custom_mean(cluster_id, facet, answered, mean, ci) VALUES
  (1, 'hours', 2400, 12.5, 0.4);
SQL
} >"$T/custom.sql"
make_fixture "$T/custom.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# row_gone NAME: no tree row names NAME (the map may still label it) within 3 seconds.
row_gone() {
    end=$(( $(date +%s) + 3 ))
    while [ "$(date +%s)" -le "$end" ]; do
        tui_screen | grep -Eq "^ [▸▾ ] $1" || return 0
        sleep 0.05
    done
    return 1
}

tui_start 120 32 "$KLEIO" browse "$S"
tui_expect "the explorer opens" "Software development"
tui_wait_gone "goal" 1 && ok "no facet column before one is chosen" || not_ok "no facet column before one is chosen"
tui_keys v
tui_expect "v: the column is titled by the value it shows" "goal = learn"
tui_expect_re "a published count" "Software development .* 1987 *$"
tui_expect_re "a suppressed cell is hidden, never a number" "Writing and editing .* hidden *$"
tui_expect_re "a cluster without the value shows 0" "Safety-sensitive requests .* 0 *$"
tui_keys y
tui_expect "y: the footer says what the filter keeps" "Showing only clusters with a published count"
row_gone "Writing and editing" && ok "y hides the cluster whose count is hidden" \
    || not_ok "y hides the cluster whose count is hidden" "$(tui_screen | head -12)"
row_gone "Safety-sensitive" && ok "y hides the cluster without the value" \
    || not_ok "y hides the cluster without the value"
tui_expect "y keeps the cluster with the value" "Software development"
tui_keys y
tui_expect "y again shows every cluster" "Safety-sensitive requests"
tui_keys c c c c
tui_expect "c: the map coloured by the facet column" "Map · facet"
tui_expect "its legend is a share" "0% ████████ 100%"
tui_keys c
tui_expect "c again: back to refusal" "Map · refusal"
tui_keys v v v
tui_expect "the number facet's mean" "hours (mean)"
tui_expect_re "its mean where published" "Software development .* 12\.50 *$"
tui_expect_re "a dash where it is not" "Writing and editing .* - *$"
tui_keys v
tui_expect "after the last column: none" "No custom facet column"
tui_wait_gone "hours (mean)" 3 && ok "the column is gone" || not_ok "the column is gone"
tui_keys V
tui_expect "V steps back to the last column" "hours (mean)"
tui_quit_ok
tui_stop_wait

make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$T/plain.db" || not_ok "plain fixture builds"
tui_start 120 32 "$KLEIO" browse "$T/plain.db"
tui_expect "a snapshot without custom facets opens" "Software development"
tui_keys v
tui_expect "v says there are none" "This snapshot has no custom facets"
tui_keys c c c c
tui_expect "without custom facets the overlays skip the facet one" "Map · refusal"
tui_quit_ok

#!/bin/sh
# The compare-languages view (C): the current level's clusters, a share and a refusal
# rate per language with the marks of `kleio tree --by-lang` (the same statistics, here
# Benjamini-Hochberg over the level shown, which for the top level is the table of
# `tree --by-lang --depth 1`), hidden cells shown hidden, columns scrolled at 80x24,
# Esc/q back to the tree.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/small.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$S" || { not_ok "fixture builds"; exit 1; }

tui_start 80 24 "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_keys C
tui_expect "the view opens on the top level" "Compare languages in the top level: 2 clusters, 2 languages"
tui_expect_re "a column pair per language" '^ CLUSTER +en SHARE +REFUSAL +es SHARE +REFUSAL *$'
# small.sql (see e2e/test_tree_bylang.sh): English over-represented in Software
# development; Harmful requests refuses less in English and more in Spanish.
tui_expect_re "shares marked over and under" '^ Software development +75\.0%\+ +4\.4% +25\.0%- +6\.7% *$'
tui_expect_re "refusal marked both ways" '^ Harmful requests +62\.5%- +20\.0%- +37\.5%\+ +33\.3%\+ *$'
tui_expect "the tests are counted" "q <= 0.05 over 4 share and 4 refusal tests"
tui_keys Down Enter
tui_expect "Enter shows the cluster in the tree" "Requests for dangerous help."
tui_keys C
tui_expect "C opens the view again" "Compare languages in the top level"
tui_keys Escape
tui_expect_re "Esc returns to the tree" 'CLUSTER +CONVS'
tui_wait_gone "Compare languages" 3 && ok "the view is gone" || not_ok "the view is gone"
# Two levels down: Type errors' Spanish cell is hidden, and shown so.
tui_keys g Enter
tui_expect "Software development opened" "Python debugging"
tui_keys Enter
tui_expect "Python debugging opened" "Type errors"
tui_keys C
tui_expect "the view follows the current level" "Compare languages in Python debugging: 2 clusters"
tui_expect_re "a hidden cell is shown hidden" '^ Type errors +[0-9.]+%[+-]? +[0-9.]+%[+-]? +hidden +- *$'
tui_keys q
tui_expect_re "q returns to the tree" 'CLUSTER +CONVS'
tui_expect "on the same level" "Type errors"
tui_keys '?' PgDn
tui_expect "help lists the key" "compare languages: the level's clusters"
tui_keys q
tui_quit_ok
tui_stop_wait

# Five languages at 80 columns: three column pairs, the rest by Right.
S2="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S2" || { not_ok "fixture builds"; exit 1; }
tui_start 80 24 "$KLEIO" browse "$S2"
tui_expect "starts" "Software development"
tui_keys C
tui_expect_re "three languages fit" '^ CLUSTER +en SHARE +REFUSAL +es SHARE +REFUSAL +zh SHARE +REFUSAL *$'
tui_expect "the rest are announced" "languages 1-3 of 5 (Left/Right for more)"
# The same figures and marks as tree --by-lang --depth 1 (one family: the top level).
"$KLEIO" tree "$S2" --by-lang --depth 1 >"$T/cli.txt"
for name in "Software development" "Writing and editing" "Safety-sensitive requests"; do
    cli=$(grep "^$name " "$T/cli.txt" | sed "s/^$name//" | awk '{print $1, $2, $3, $4, $5, $6}')
    scr=$(tui_screen | grep "^ $name " | sed "s/^ $name//" | awk '{print $1, $2, $3, $4, $5, $6}')
    if [ -n "$cli" ] && [ "$cli" = "$scr" ]; then
        ok "$name: the figures of tree --by-lang"
    else
        not_ok "$name: the figures of tree --by-lang" "cli '$cli' screen '$scr'"
    fi
done
tui_keys Right Right
tui_expect_re "Right scrolls to the last languages" '^ CLUSTER +zh SHARE +REFUSAL +ar SHARE +REFUSAL +ja SHARE +REFUSAL *$'
tui_expect_re "Arabic refuses more in Safety-sensitive requests" '^ Safety-sensitive requests .* 10\.0% +47\.8%\+ '
tui_keys Right
tui_expect "no scrolling past the last" "languages 3-5 of 5"
tui_keys Left Left Left
tui_expect_re "Left scrolls back" '^ CLUSTER +en SHARE +REFUSAL +es SHARE'
# The filter's languages are the columns.
tui_keys Escape
tui_expect_re "back in the tree" 'CLUSTER +CONVS'
tui_keys f
tui_expect "picker opens" "Arabic"
tui_keys a r Space Enter
tui_expect "filtered to Arabic" "languages: ar"
tui_keys C
tui_expect_re "one column pair: the filter's language" '^ CLUSTER +ar SHARE +REFUSAL *$'
tui_expect "one language" "3 clusters, 1 languages"
tui_keys Escape
tui_quit_ok
tui_stop_wait

# Hostile names (escape sequences, an OSC title change) are drawn as text here too.
S3="$T/hostile.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui_hostile.sql" "$S3" || { not_ok "fixture builds"; exit 1; }
tui_start 80 24 "$KLEIO" browse "$S3"
tui_expect "hostile: starts" "Plain RED"
tui_keys C
tui_expect "hostile: the view opens" "Compare languages in the top level"
tui_expect "hostile: escape-laden name drawn as text" "Plain RED"
title=$(tui_tmux display-message -p -t "$TUI_SESSION" '#{pane_title}')
case "$title" in *pwned*) not_ok "hostile: OSC title change blocked" "title: $title" ;; *) ok "hostile: OSC title change blocked" ;; esac
tui_tmux capture-pane -p -e -t "$TUI_SESSION" | grep -q '\[31m' && not_ok "hostile: name's SGR not applied" || ok "hostile: name's SGR not applied"
tui_keys q
tui_quit_ok

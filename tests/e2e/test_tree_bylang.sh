#!/bin/sh
# kleio tree --by-lang: one row per cluster, a share and a refusal rate per language,
# marked + or - by two-proportion tests with Benjamini-Hochberg over the table.
# small.sql: Software development is 450 en / 150 es of 600 (English is 700 of 1000
# overall: 75% vs 62.5% outside it, z about 4.2: over); Harmful requests refuses 20%
# in English and 33% in Spanish (z about 3: en under, es over); Type errors' es cell
# is hidden.
. "$KLEIO_ROOT/tests/lib.sh"
S="$T/small.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$S" || { not_ok "fixture builds"; exit 1; }

"$KLEIO" tree "$S" --by-lang >"$T/text.txt" 2>"$T/text.err"
[ $? -eq 0 ] && ok "text: exit 0" || not_ok "text: exit 0" "$(cat "$T/text.err")"
check_grep "text: a column pair per language" '^CLUSTER +en SHARE +REFUSAL +es SHARE +REFUSAL$' "$T/text.txt"
check_grep "text: over- and under-represented shares" '^Software development +75\.0%\+ +4\.4% +25\.0%- +6\.7%$' "$T/text.txt"
check_grep "text: refusal marked both ways" '^Harmful requests +62\.5%- +20\.0%- +37\.5%\+ +33\.3%\+$' "$T/text.txt"
check_grep "text: a hidden cell" '^    Type errors +80\.0%\+ +1\.7% +hidden +-$' "$T/text.txt"
check_grep "text: the legend counts the tests" '\(13 tests\).*\(12 tests\); Benjamini-Hochberg q <= 0\.05' "$T/text.txt"

"$KLEIO" tree "$S" --by-lang --lang es --depth 1 --format csv >"$T/es.csv"
check_grep "csv: header" '^id,parent,level,name,es_conversations,es_share,es_share_p,es_share_q,es_share_mark,es_refusal_rate,es_others_refusal_rate,es_refusal_p,es_refusal_q,es_refusal_mark$' "$T/es.csv"
[ "$(wc -l <"$T/es.csv")" -eq 3 ] && ok "csv: --depth 1 gives the two top-level rows" || not_ok "csv: depth" "$(cat "$T/es.csv")"
check_grep "csv: Harmful requests in Spanish refuses more" '^2,,0,"Harmful requests",150,0\.375,[0-9.e-]+,[0-9.e-]+,over,0\.333333,0\.2,[0-9.e-]+,[0-9.e-]+,over$' "$T/es.csv"
check_grep "csv: Software development's Spanish refusal is not marked" '^1,,0,"Software development",150,0\.25,[0-9.e-]+,[0-9.e-]+,under,0\.0666667,0\.0444444,[0-9.e-]+,[0-9.e-]+,$' "$T/es.csv"

"$KLEIO" tree "$S" --by-lang --format json >"$T/all.json"
[ "$(jq -r '.languages | join(",")' "$T/all.json")" = "en,es" ] && ok "json: the languages" || not_ok "json: the languages"
[ "$(jq -r '.clusters[] | select(.name == "Type errors") | .languages.es.hidden' "$T/all.json")" = "true" ] &&
    ok "json: hidden cell" || not_ok "json: hidden cell"
# q is p adjusted: never below p, at most 1
bad=$(jq '[.clusters[].languages[] | select(.refusal_p != null) | select(.refusal_q < .refusal_p or .refusal_q > 1)] | length' "$T/all.json")
[ "$bad" = 0 ] && ok "json: every q is at least its p and at most 1" || not_ok "json: q vs p" "$bad"

check_status 2 "an unknown language is an error here too" "$KLEIO" tree "$S" --by-lang --lang xx

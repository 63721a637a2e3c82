#!/bin/sh
# kleio tree: every option, language slices, suppressed cells.
. "$KLEIO_ROOT/tests/lib.sh"
S="$T/small.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$S" || { not_ok "fixture builds"; exit 1; }

"$KLEIO" tree "$S" >"$T/all.txt" 2>&1
check_grep "text: header row" '^CLUSTER +CONVS +SHARE +USERS +REFUSAL +CONCERN' "$T/all.txt"
check_grep "text: top level first, largest first" '^Software development +600 +60\.0% +180 +5\.0% +1\.17$' "$T/all.txt"
check_grep "text: children indented with share of parent" '^  Python debugging +350 +58\.3% +100 +1\.4% +1\.03$' "$T/all.txt"
check_grep "text: third level" '^    Import errors +200 +57\.1% +60 +1\.0% +1\.00$' "$T/all.txt"
check_grep "text: remainder row says what it holds" '^  10 conversations in groups too small to show +10 ' "$T/all.txt"
[ "$(sed -n 2p "$T/all.txt" | cut -c1-20)" = "Software development" ] && ok "text: sorted by conversations" || not_ok "text: sorted by conversations"

"$KLEIO" tree "$S" --lang es >"$T/es.txt" 2>&1
check_grep "lang: figures are the slice's own" '^Software development +150 +50\.0% +50 +6\.7% +1\.20$' "$T/es.txt"
check_grep "lang: suppressed cell prints hidden" '^    Type errors +hidden +- +hidden +- +-$' "$T/es.txt"
check_no_grep "lang: no small numbers for suppressed cells" '^    Type errors +[0-9]' "$T/es.txt"

"$KLEIO" tree "$S" --lang en,es >"$T/enes.txt" 2>&1
check_grep "lang: several languages sum" '^Software development +600 ' "$T/enes.txt"
check_status 2 "lang: unknown language is an error" "$KLEIO" tree "$S" --lang xx
"$KLEIO" tree "$S" --lang xx 2>"$T/xx.err"
check_grep "lang: error names the languages present" "no language 'xx'.*en, es" "$T/xx.err"

"$KLEIO" tree "$S" --sort refusal >"$T/ref.txt"
[ "$(sed -n 2p "$T/ref.txt" | cut -c1-16)" = "Harmful requests" ] && ok "sort: refusal puts the highest rate first" || not_ok "sort: refusal"
"$KLEIO" tree "$S" --sort name --depth 1 >"$T/name.txt"
[ "$(sed -n 2p "$T/name.txt" | cut -c1-16)" = "Harmful requests" ] && ok "sort: name is alphabetical" || not_ok "sort: name"
"$KLEIO" tree "$S" --sort name --reverse --depth 1 >"$T/namer.txt"
[ "$(sed -n 2p "$T/namer.txt" | cut -c1-20)" = "Software development" ] && ok "sort: --reverse" || not_ok "sort: --reverse"
"$KLEIO" tree "$S" --sort concern --depth 1 >"$T/conc.txt"
[ "$(sed -n 2p "$T/conc.txt" | cut -c1-16)" = "Harmful requests" ] && ok "sort: concern" || not_ok "sort: concern"
check_status 2 "sort: unknown key is an error" "$KLEIO" tree "$S" --sort size

"$KLEIO" tree "$S" --depth 1 >"$T/d1.txt"
[ "$(wc -l <"$T/d1.txt")" -eq 3 ] && ok "depth 1 prints the top level only" || not_ok "depth 1" "$(cat "$T/d1.txt")"
"$KLEIO" tree "$S" --depth 2 >"$T/d2.txt"
[ "$(wc -l <"$T/d2.txt")" -eq 7 ] && ok "depth 2 prints two levels" || not_ok "depth 2" "$(cat "$T/d2.txt")"
check_status 2 "depth 0 is refused" "$KLEIO" tree "$S" --depth 0

"$KLEIO" tree "$S" --format csv --lang es >"$T/out.csv"
check_grep "csv: header" '^kind,id,parent,level,name,conversations,conversations_bound,share,share_bound,users,users_bound,refusal_rate,mean_concern,hidden_cells,hidden_clusters$' "$T/out.csv"
check_grep "csv: suppressed cell is empty, its bound hidden" '^cluster,8,3,2,"Type errors",,hidden,,hidden,,hidden,,,1,$' "$T/out.csv"
check_grep "csv: figures are plain numbers" '^cluster,1,0,0,"Software development",150,exact,0\.5,exact,50,exact,0\.06667,1\.2,0,$' "$T/out.csv"

"$KLEIO" tree "$S" --format json >"$T/out.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["clusters"][0]; assert c["name"]=="Software development" and c["conversations"]==600 and c["children"][0]["children"][0]["name"]=="Import errors"' "$T/out.json"; then ok "json: nested tree"; else not_ok "json: nested tree"; fi
"$KLEIO" tree "$S" --format json --lang es >"$T/es.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); py=[c for c in d["clusters"][0]["children"] if c["name"]=="Python debugging"][0]; t=[c for c in py["children"] if c["name"]=="Type errors"][0]; assert t["suppressed"] is True and t["conversations"] is None and t["conversations_bound"]=="hidden" and t["share"] is None and d["min_users"]==5' "$T/es.json"; then ok "json: suppressed cell is null, its bound hidden"; else not_ok "json: suppressed cell"; fi
check_status 2 "format: unknown is an error" "$KLEIO" tree "$S" --format xml
check_status 0 "help" "$KLEIO" tree --help
check_status 2 "missing snapshot argument" "$KLEIO" tree

# ---- one meaning for every figure (tests/fixtures/figures.sql: a hidden language, cells
# hidden in es and ja, unpublished remainders, a long name, a rate of 0.07) ----
F="$T/figures.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/figures.sql" "$F" || { not_ok "figures fixture builds"; exit 1; }
LONG="Software development with a deliberately long descriptive name that never ends"

"$KLEIO" tree "$F" >"$T/f-all.txt"
check_grep "share: top level over every conversation, hidden language included (500/1010)" \
    '^Software development.* 500 +49\.5% ' "$T/f-all.txt"
check_grep "share: children over their parent (300/500)" '^  Python +300 +60\.0% ' "$T/f-all.txt"
check_grep "remainder: the unpublished part of the top level" \
    '^\(hidden: 50 conversations in unpublished clusters\) +50$' "$T/f-all.txt"
check_grep "remainder: the unpublished children of a cluster" \
    '^  \(hidden: 50 conversations in unpublished clusters\) +50$' "$T/f-all.txt"
check_no_grep "remainder: none under a leaf" '^    \(hidden' "$T/f-all.txt"
check_grep "piped: names are never cut" "^$LONG " "$T/f-all.txt"

"$KLEIO" tree "$F" --lang es --depth 1 >"$T/f-es.txt"
check_grep "share: top level over the language's total, not over what is visible (100/300)" \
    '^Software development.* 100 +33\.3% ' "$T/f-es.txt"
check_grep "share: 170/300" '^Cooking +170 +56\.7% ' "$T/f-es.txt"
check_grep "hidden cell: hidden, no small number" '^Rare topic +hidden +- +hidden +- +-$' "$T/f-es.txt"
check_grep "remainder: parent minus what is shown, with the hidden clusters" \
    '^\(hidden: 30 conversations in 1 cluster\) +30$' "$T/f-es.txt"

"$KLEIO" tree "$F" --lang en,ja >"$T/f-enja.txt"
check_grep "two languages: a sum over a hidden cell is a lower bound, its rates hidden" \
    '^  Rust +≥120 +≥30\.0% +≥35 +- +-$' "$T/f-enja.txt"
check_grep "two languages: users summed over languages is an upper bound" \
    '^  Python +240 +60\.0% +≤75 +10\.0% +1\.15$' "$T/f-enja.txt"
check_grep "two languages: remainder beside a partial child" \
    '^  \(hidden: 40 conversations in 1 cluster\) +40$' "$T/f-enja.txt"
LC_ALL=C "$KLEIO" tree "$F" --lang en,ja >"$T/f-enja-c.txt"
check_grep "ASCII fallback for the bound marks" '^  Rust +>=120 +>=30\.0% +>=35 +- +-$' "$T/f-enja-c.txt"
"$KLEIO" tree "$F" --lang ja,en,ja >"$T/f-jaenja.txt"
check "a language named twice counts once" cmp "$T/f-enja.txt" "$T/f-jaenja.txt"

"$KLEIO" tree "$F" --ids --depth 1 >"$T/f-ids.txt"
check_grep "--ids: the id column first" "^ID CLUSTER " "$T/f-ids.txt"
check_grep "--ids: each cluster's id" "^ 1 $LONG " "$T/f-ids.txt"

"$KLEIO" tree "$F" --lang en,ja --format csv >"$T/f.csv"
check_no_grep "csv: no percent signs, rates are plain numbers" '%' "$T/f.csv"
check_grep "csv: full names, ids, the bound columns" \
    "^cluster,1,0,0,\"$LONG\",400,exact,0\\.5714,exact,120,at_most,0\\.1,1\\.2,0,\$" "$T/f.csv"
check_grep "csv: a partial sum says so" '^cluster,12,1,1,"Rust",120,at_least,0\.3,at_least,35,at_least,,,1,$' "$T/f.csv"
check_grep "csv: the remainder is a row of kind hidden" \
    '^hidden,,0,0,"\(hidden: 30 conversations in 1 cluster\)",30,exact,,hidden,,hidden,,,,1$' "$T/f.csv"

"$KLEIO" tree "$F" --format json >"$T/f.json"
"$KLEIO" tree "$F" --lang en,ja --format json >"$T/f-enja.json"
check_grep "json: 35/500 prints as 0.07, without binary noise" '"refusal_rate": 0\.07,' "$T/f.json"
sig4() { # FILE: every real in the JSON text has at most 4 significant digits
    python3 - "$1" <<'PY'
import re, sys
bad = [t for t in re.findall(r'": (-?[0-9]+\.[0-9]+(?:[eE][-+]?[0-9]+)?)', open(sys.argv[1]).read())
       if len(re.sub(r'[eE].*', '', t).replace('-', '').replace('.', '').lstrip('0').rstrip('0')) > 4]
sys.exit(1 if bad else 0) if not bad else sys.exit("more than 4 significant digits: " + " ".join(bad[:5]))
PY
}
check "json: no real with more than 4 significant digits" sig4 "$T/f.json"
if python3 - "$T/f-enja.json" "$T/f.json" <<'PY' 2>"$T/py.err"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == {"conversations": 700, "conversations_bound": "exact", "users": 240, "users_bound": "at_most"}, d["total"]
sw = d["clusters"][0]
rust = [c for c in sw["children"] if c.get("name") == "Rust"][0]
assert rust["partial"] is True and rust["hidden_cells"] == 1
assert rust["conversations"] == 120 and rust["conversations_bound"] == "at_least"
assert rust["refusal_rate"] is None and rust["mean_concern"] is None
assert rust["share"] == 0.3 and rust["share_bound"] == "at_least"
hid = [c for c in sw["children"] if c["kind"] == "hidden"][0]
assert hid["conversations"] == 40 and hid["hidden_clusters"] == 1 and hid["parent"] == 1
a = json.load(open(sys.argv[2]))
top = a["clusters"][0]
assert top["share"] == 0.495 and top["share_bound"] == "exact", top["share"]
assert a["clusters"][-1]["kind"] == "hidden" and a["clusters"][-1]["conversations"] == 50
PY
then ok "json: bounds, partial flag, hidden rows, shares over the total"; else not_ok "json: bounds" "$(cat "$T/py.err")"; fi

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
check_grep "text: remainder shown as (other)" '^  \(other\) +10 ' "$T/all.txt"
[ "$(sed -n 2p "$T/all.txt" | cut -c1-20)" = "Software development" ] && ok "text: sorted by conversations" || not_ok "text: sorted by conversations"

"$KLEIO" tree "$S" --lang es >"$T/es.txt" 2>&1
check_grep "lang: figures are the slice's own" '^Software development +150 +50\.0% +50 +6\.7% +1\.20$' "$T/es.txt"
check_grep "lang: suppressed cell prints <k" '^    Type errors +<10 +- +<5 +- +-$' "$T/es.txt"
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
check_grep "csv: header" '^id,parent,level,name,conversations,share,users,refusal_rate,mean_concern$' "$T/out.csv"
check_grep "csv: suppressed cell" '^8,3,2,"Type errors",<10,-,<5,-,-$' "$T/out.csv"
check_grep "csv: figures" '^1,0,0,"Software development",150,50\.0%,50,6\.7%,1\.20$' "$T/out.csv"

"$KLEIO" tree "$S" --format json >"$T/out.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["clusters"][0]; assert c["name"]=="Software development" and c["conversations"]==600 and c["children"][0]["children"][0]["name"]=="Import errors"' "$T/out.json"; then ok "json: nested tree"; else not_ok "json: nested tree"; fi
"$KLEIO" tree "$S" --format json --lang es >"$T/es.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); py=[c for c in d["clusters"][0]["children"] if c["name"]=="Python debugging"][0]; t=[c for c in py["children"] if c["name"]=="Type errors"][0]; assert t["suppressed"] is True and t["conversations"] is None and t["below_users"]==5' "$T/es.json"; then ok "json: suppressed cell is null with threshold"; else not_ok "json: suppressed cell"; fi
check_status 2 "format: unknown is an error" "$KLEIO" tree "$S" --format xml
check_status 0 "help" "$KLEIO" tree --help
check_status 2 "missing snapshot argument" "$KLEIO" tree

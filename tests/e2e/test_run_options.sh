#!/bin/sh
# The parameters of kleio run are declared once (run_options.h): --help, the man page's
# OPTIONS and SYNOPSIS, and the parser all agree with that table.
. "$KLEIO_ROOT/tests/lib.sh"
MAN="$KLEIO_ROOT/man/kleio-run.1"

"$KLEIO" run --options-mdoc >"$T/opts.mdoc"
awk '/^\.Sh OPTIONS$/{p=1} p&&/^\.Sh /&&!/^\.Sh OPTIONS$/{p=0} p' "$MAN" >"$T/man-opts.mdoc"
if cmp -s "$T/opts.mdoc" "$T/man-opts.mdoc"; then ok "man page OPTIONS section matches the table"
else not_ok "man page OPTIONS section matches the table" "regenerate with: kleio run --options-mdoc; $(diff "$T/opts.mdoc" "$T/man-opts.mdoc" | head -5)"; fi

# The table's options, from the generated section.
sed -n 's/^\.It .*Fl \\-\([a-z-]*\).*/\1/p' "$T/opts.mdoc" >"$T/names"
n=$(wc -l <"$T/names")
[ "$n" -ge 20 ] && ok "the table lists every option ($n)" || not_ok "the table lists every option ($n)"

"$KLEIO" run --help >"$T/help" 2>&1
# --help's option list: the table's options and --quiet, in the same order.
sed -n 's/^  \(-[a-z], \)\{0,1\} *--\([a-z-]*\).*/\2/p' "$T/help" | grep -v '^quiet$' >"$T/help-names"
if cmp -s "$T/names" "$T/help-names"; then ok "--help lists exactly the table's options"
else not_ok "--help lists exactly the table's options" "$(diff "$T/names" "$T/help-names" | head -5)"; fi

missing_help="" missing_man="" refused=""
while read -r name; do
    sed '/^$/q' "$T/help" | grep -q -- "--$name[] ]" || missing_help="$missing_help $name"
    sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$MAN" | grep -q -- "Fl \\\\-$name\( \|$\)" || missing_man="$missing_man $name"
    # The parser knows it: a bad value is refused naming the option, not "unknown option".
    "$KLEIO" run "--$name" x --work "$T/none.db" --out "$T/none-out.db" >/dev/null 2>"$T/err"
    grep -q "unknown option" "$T/err" && refused="$refused $name"
done <"$T/names"
[ -z "$missing_help" ] && ok "the usage line names every option" || not_ok "the usage line names every option" "missing:$missing_help"
[ -z "$missing_man" ] && ok "the man page SYNOPSIS names every option" || not_ok "the man page SYNOPSIS names every option" "missing:$missing_man"
[ -z "$refused" ] && ok "the parser accepts every option of the table" || not_ok "the parser accepts every option of the table" "unknown:$refused"

# Limits come from the table too.
check_status 2 "a value above the table's maximum is refused" "$KLEIO" run --work "$T/w.db" --out "$T/o.db" --levels 9
"$KLEIO" run --work "$T/w.db" --out "$T/o.db" --levels 9 2>"$T/lv.err"
check_grep "the refusal gives the table's range" "levels must be between 1 and 8" "$T/lv.err"
grep -q '^\.It Fl \\-levels Ar N$' "$T/opts.mdoc" && grep -A1 '^\.It Fl \\-levels' "$T/opts.mdoc" | grep -q 'default 3, at most 8' \
    && ok "the man page gives the default and the limit" || not_ok "the man page gives the default and the limit"

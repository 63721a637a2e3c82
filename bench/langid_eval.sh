#!/bin/sh
# Language identification measured through the real binary on labelled sets:
#   bench/langid_eval.sh [-k KLEIO] [-s all|even|odd] [-l CODE] [-e] [SET...]
# SET is a folder with conversations.jsonl[.gz] and labels.tsv (a `lang` column);
# default: ../shared/data/xsid-dev and ../shared/data/polyrefuse beside the repository.
# Each set goes through `kleio ingest`, `kleio facets` and `kleio export facets`; the
# exported language is compared with the label. -s keeps the conversations on even or
# odd line numbers only (tune on even, report on odd: xsid-dev's held-out half), -e
# prints up to 8 misses per language; -l gives the language of every row of a set whose
# labels have no `lang` column (hwu64, banking77, arena-hard: -l en). Prints, per language: rows, accuracy and the
# commonest wrong answers; then the macro accuracy over the scored languages, the share
# of non-English requests called English and the share called `und` (and the English
# share again counting the dialects).
# Scoring: `no` accepts nb, nn and no; xsid-dev's dialects (de-ba de-muc de-st gsw → de,
# nap → it) are a secondary figure, scored against their family, outside the macro.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KLEIO="$ROOT/build/kleio"
SPLIT=all
EXAMPLES=0
ALL_LANG=
while getopts k:s:l:e opt; do
    case $opt in
    k) KLEIO=$OPTARG ;;
    s) SPLIT=$OPTARG ;;
    l) ALL_LANG=$OPTARG ;;
    e) EXAMPLES=8 ;;
    *) echo "usage: $0 [-k KLEIO] [-s all|even|odd] [-l CODE] [-e] [SET...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case $SPLIT in all | even | odd) ;; *) echo "langid_eval: -s all|even|odd" >&2; exit 2 ;; esac
[ $# -gt 0 ] || set -- "$ROOT/../shared/data/xsid-dev" "$ROOT/../shared/data/polyrefuse"
[ -x "$KLEIO" ] || { echo "langid_eval: no binary $KLEIO (run make)" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kleio-langid.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

for SET in "$@"; do
    name=$(basename "$SET")
    if [ ! -f "$SET/labels.tsv" ]; then
        echo "langid_eval: no labelled data in $SET (skipped)" >&2
        continue
    fi
    if [ -f "$SET/conversations.jsonl" ]; then src="cat $SET/conversations.jsonl"
    else src="gzip -dc $SET/conversations.jsonl.gz"; fi
    $src | awk -v s="$SPLIT" \
        's == "all" || (s == "even" && NR % 2 == 0) || (s == "odd" && NR % 2 == 1)' >"$TMP/in.jsonl"
    rm -f "$TMP/w.db" "$TMP/w.db-wal" "$TMP/w.db-shm"
    "$KLEIO" ingest -q --work "$TMP/w.db" "$TMP/in.jsonl"
    "$KLEIO" facets --work "$TMP/w.db" --keep-raw >/dev/null
    "$KLEIO" export facets --work "$TMP/w.db" -o "$TMP/facets.tsv"
    if [ "$EXAMPLES" -gt 0 ]; then
        # id → the first user turn, for printing misses (jansson-free: the binary's export
        # has no text, so read it from the input with a tolerant pattern).
        sed -n 's/^{"id": *"\([^"]*\)".*"content": *"\([^"]*\)".*/\1\t\2/p' "$TMP/in.jsonl" \
            >"$TMP/text.tsv"
    else
        : >"$TMP/text.tsv"
    fi
    echo "== $name (split $SPLIT, $(wc -l <"$TMP/in.jsonl") conversations)"
    awk -F'\t' -v examples="$EXAMPLES" -v set="$name" -v all_lang="$ALL_LANG" '
    FILENAME == ARGV[1] { text[$1] = $2; next }
    FILENAME == ARGV[2] && FNR == 1 {
        for (i = 1; i <= NF; i++) if ($i == "lang") lc = i
        next
    }
    FILENAME == ARGV[2] { gold[$1] = lc ? $lc : all_lang; next }
    FNR == 1 { next }
    {
        if (!($1 in gold) || gold[$1] == "") next
        g = gold[$1]; p = $2; fam = ""
        if (g ~ /^de-/ || g == "gsw") fam = "de"
        else if (g == "nap") fam = "it"
        ok = (p == g) || (g == "no" && (p == "nb" || p == "nn")) || (fam != "" && p == fam)
        key = fam != "" ? g "*" : g
        n[key]++; hit[key] += ok
        if (!ok) {
            wrong[key, p]++
            if (!((key, p) in seen)) { seen[key, p] = 1; alts[key] = alts[key] " " p }
            if (examples > 0 && shown[key] < examples && ($1 in text)) {
                shown[key]++; ex[key] = ex[key] sprintf("      %-4s %s\n", p, text[$1])
            }
        }
        if (g != "en") {
            all_ne++; all_en += (p == "en")
            if (fam == "") { ne++; ne_en += (p == "en"); ne_und += (p == "und") }
        }
        next
    }
    END {
        cnt = 0
        for (k in n) keys[++cnt] = k
        for (i = 2; i <= cnt; i++) for (j = i; j > 1 && keys[j - 1] > keys[j]; j--) {
            t = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = t
        }
        macro = 0; m = 0; worst = 1; wl = ""
        for (i = 1; i <= cnt; i++) {
            k = keys[i]; acc = hit[k] / n[k]
            # the commonest wrong answers, up to four
            split(substr(alts[k], 2), a, " "); line = ""
            for (r = 0; r < 4; r++) {
                b = ""; bc = 0
                for (q in a) if (a[q] != "" && wrong[k, a[q]] > bc) { bc = wrong[k, a[q]]; b = q }
                if (b == "") break
                line = line sprintf(" %s:%d", a[b], bc); a[b] = ""
            }
            printf "  %-7s n=%5d  acc=%.3f %s\n", k, n[k], acc, line
            if (examples > 0 && ex[k] != "") printf "%s", ex[k]
            if (k !~ /\*$/) { macro += acc; m++; if (acc < worst) { worst = acc; wl = k } }
        }
        if (m > 0)
            printf "  %s: macro=%.3f over %d languages, lowest %s %.3f, " \
                   "non-English called en %.3f, und %.3f\n",
                set, macro / m, m, wl, worst, ne ? ne_en / ne : 0, ne ? ne_und / ne : 0
        if (all_ne > ne)
            printf "  %s: with the dialects, non-English called en %.3f\n", set, all_en / all_ne
    }' "$TMP/text.tsv" "$SET/labels.tsv" "$TMP/facets.tsv"
done

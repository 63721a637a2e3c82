#!/bin/sh
# kleio synth: options, bad arguments, determinism, the truth file, traps, language subsets.
. "$KLEIO_ROOT/tests/lib.sh"

check "help answers" "$KLEIO" synth --help
"$KLEIO" synth --help >"$T/help.txt" 2>&1
check_grep "help shows the usage" '^usage: kleio synth -n N' "$T/help.txt"

# Bad arguments: exit 2 with a message that names the problem.
bad() { # NAME PATTERN ARGS...
    name=$1; pattern=$2; shift 2
    "$KLEIO" synth "$@" >"$T/bad.out" 2>"$T/bad.err"
    status=$?
    if [ "$status" -eq 2 ] && grep -Eq -- "$pattern" "$T/bad.err"; then ok "bad: $name"
    else not_ok "bad: $name" "status $status: $(cat "$T/bad.err")"; fi
}
bad "no -n" "-n N is required" -o "$T/x.jsonl"
bad "zero" "-n must be an integer of at least 1" -n 0
bad "not a number" "-n must be an integer.*'12x'" -n 12x
bad "negative" "-n must be an integer" -n -5
bad "unknown language" "unknown language 'xx'" -n 10 --languages en,xx
bad "empty language list" "at least one language" -n 10 --languages ,
bad "bad date" "--from must be a date.*'2026-13-45'" -n 10 --from 2026-13-45
bad "range backwards" "--to must come after --from" -n 10 --from 2026-02-01 --to 2026-01-01
bad "unknown option" "unknown option '--bogus'" -n 10 --bogus
bad "missing value" "needs a value" -n
bad "extra argument" "unexpected argument 'extra'" -n 10 extra
bad "same file twice" "must be different files" -n 10 -o "$T/same" --truth "$T/same"
check_status 1 "unwritable output fails with 1" "$KLEIO" synth -n 5 -o "$T/no/such/dir/c.jsonl"

# Determinism: same seed, same bytes; another seed, another corpus.
"$KLEIO" synth -q -n 1500 --seed 7 -o "$T/a.jsonl" --truth "$T/a.truth"
"$KLEIO" synth -q -n 1500 --seed 7 -o "$T/b.jsonl" --truth "$T/b.truth"
"$KLEIO" synth -q -n 1500 --seed 8 -o "$T/c.jsonl" --truth "$T/c.truth"
check "same seed, identical corpus" cmp -s "$T/a.jsonl" "$T/b.jsonl"
check "same seed, identical truth" cmp -s "$T/a.truth" "$T/b.truth"
if cmp -s "$T/a.jsonl" "$T/c.jsonl"; then not_ok "another seed, another corpus"; else ok "another seed, another corpus"; fi

[ "$(wc -l <"$T/a.jsonl")" -eq 1500 ] && ok "one line per conversation" || not_ok "one line per conversation"
[ "$(wc -l <"$T/a.truth")" -eq 1501 ] && ok "truth: header plus one record each" || not_ok "truth line count"
head -1 "$T/a.truth" >"$T/header"
check_grep "truth header names its format" '^\{"format":"kleio-synth-truth","version":1' "$T/header"
check_grep "truth header holds the taxonomy" '"topics":\[\{"key":"python_debugging"' "$T/header"
check_grep "corpus lines have the input format" '^\{"id":"c-[0-9]+","user_id":"u-[0-9a-f]+",("org_id":"o-[0-9]+",)?"timestamp":"2026-0[1-6]-[0-9]{2}T[0-9:]{8}Z","messages":\[\{"role":"user","content":' "$T/a.jsonl"
check_no_grep "no line outside the input format" '^[^{]' "$T/a.jsonl"

# Traps: counts in the records match the header's layout.
burst=$(grep -o '"burst":{[^}]*}' "$T/header" | sed 's/.*"count":\([0-9]*\).*/\1/')
[ -n "$burst" ] && [ "$(grep -c '"trap":"burst"' "$T/a.truth")" -eq "$burst" ] && ok "burst recorded ($burst)" || not_ok "burst recorded"
[ "$(grep -c '"trap":"poison"' "$T/a.truth")" -eq 50 ] && ok "50 poisoning conversations" || not_ok "poisoning conversations"
[ "$(grep -c '"trap":"poison_target"' "$T/a.truth")" -eq 1 ] && ok "one poisoning target" || not_ok "poisoning target"
grep '"trap":"poison_target"' "$T/a.truth" >"$T/target"
check_grep "the target carries a private diagnosis" '"type":"diagnosis","value":"[^"]+"' "$T/target"
check_grep "private details recorded by type and value" '"pii":\[\{"type":"(name|email|phone|address|id_number|card)","value":"' "$T/a.truth"

# Standard output, languages and dates.
n=$("$KLEIO" synth -q -n 40 -o - | wc -l)
[ "$n" -eq 40 ] && ok "-o - writes to standard output" || not_ok "-o - writes to standard output" "$n lines"
"$KLEIO" synth -q -n 300 --languages ka,hy --from 2025-01-01 --to 2025-02-01 -o "$T/k.jsonl" --truth "$T/k.truth"
check_no_grep "only the chosen languages" '"language":"(en|es|fr|pt|ca|uk|ru|ja|zh|ar|hi|tr|af)"' "$T/k.truth"
check_grep "Georgian present" '"language":"ka"' "$T/k.truth"
check_grep "Armenian present" '"language":"hy"' "$T/k.truth"
check_no_grep "timestamps inside the range" '"timestamp":"(2024|2025-0[2-9]|2026)' "$T/k.jsonl"
check_grep "Georgian text in Georgian script" '"content":"[^"]*(და|რომ|ჩემი)' "$T/k.jsonl"

# The corpus is the input format: ingest takes every line.
"$KLEIO" ingest --work "$T/w.db" "$T/a.jsonl" >"$T/ingest.out" 2>&1
check_grep "ingest rejects no synthetic conversation" ' 0 rejected' "$T/ingest.out"
check_grep "ingest reads all of them" '1,500 ingested' "$T/ingest.out"

#!/bin/sh
# test_relabel.sh — the cluster stage refines its leaves over the summaries' words on a
# one-language corpus (relabel.h) and leaves a many-language corpus to k-means; the
# refined result does not depend on input order.
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 1000 --seed 4 --languages en -o "$T/en.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/en.jsonl"
RUN="--k 12 --levels 2 --top 4 --min-users 1 --min-conversations 1 --seed 3"
# shellcheck disable=SC2086
check "run on a one-language corpus" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $RUN
check_grep "its leaves are relabelled" "^kleio: cluster: .*relabelled" "$T/.out"
"$KLEIO" export assignments --work "$T/w.db" >"$T/a1.tsv"

awk 'BEGIN { srand(5) } { print rand() "\t" $0 }' "$T/en.jsonl" | sort | cut -f2- >"$T/shuffled.jsonl"
"$KLEIO" ingest -q --work "$T/w2.db" "$T/shuffled.jsonl"
# shellcheck disable=SC2086
check "run on the shuffled corpus" "$KLEIO" run -q --work "$T/w2.db" --out "$T/s2.db" $RUN
"$KLEIO" export assignments --work "$T/w2.db" >"$T/a2.tsv"
check "shuffled input, same assignments" cmp "$T/a1.tsv" "$T/a2.tsv"

"$KLEIO" synth -q -n 1000 --seed 4 -o "$T/all.jsonl"
"$KLEIO" ingest -q --work "$T/w3.db" "$T/all.jsonl"
# shellcheck disable=SC2086
check "run on a many-language corpus" "$KLEIO" run --work "$T/w3.db" --out "$T/s3.db" $RUN
check_no_grep "k-means leaves kept" "relabelled" "$T/.out"

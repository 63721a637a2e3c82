#!/bin/sh
# kleio validate through an oracle model (fake_llm --oracle-n regenerates the synthetic
# corpus and answers each facets call with the conversation's true language, refusal and
# concern and its topic's one English summary, naming its field): every facet is right,
# and the clusters follow the topics clearly better than the offline run's. With
# --oracle-error 1 (every summary another topic's) they follow them far worse: the score
# depends on the answers.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

N=1500
# validate_with OUT ARGS...: one validation of the N-conversation corpus, report in OUT.
validate_with() {
    out=$1
    shift
    "$KLEIO" validate --n $N --seed 5 --min-users 5 --min-conversations 10 --json "$@" \
        >"$T/$out.raw" 2>"$T/$out.err"
    rc=$?
    sed -n '/^{/,$p' "$T/$out.raw" >"$T/$out"
    return $rc
}
# leaves REPORT: reconstruction at the leaves (majority category of each leaf), in 1/1000.
# (At this N the hierarchy has 3 top clusters for 17 categories: too few to score.)
leaves() { sed -n 's/.*"at_leaves": \([0-9.]*\).*/\1/p' "$1" | awk '{ printf "%d", $1 * 1000 }'; }
# nmi REPORT: leaves against topics, in thousandths.
nmi() { sed -n '/"leaves_vs_topics"/,/}/s/.*"nmi": \([0-9.]*\).*/\1/p' "$1" | awk '{ printf "%d", $1 * 1000 }'; }
# the anthropic wire: facets and names from the server, embeddings kleio's own (offline)
server() { echo --backend anthropic --base-url "http://127.0.0.1:$PORT" --concurrency 8; }

start_fake --oracle-n $N --oracle-seed 5 --oracle-domain --stats "$T/stats"
validate_with oracle.json $(server) --keep "$T/v"
check "the validation through the oracle passes its privacy targets" test $? -eq 0
check "every summary is the oracle's" test "$(sqlite3 "$T/v/work.db" \
    "SELECT count(*) FROM facets WHERE summary LIKE 'The user asks for help with %, in %.'")" -eq $N
check_grep "the oracle found every conversation it was asked about" 'oracle found [1-9][0-9]* missed 0$' "$T/stats"
check_grep "its languages are all right" '"language_accuracy": 1(\.0*)?,' "$T/oracle.json"
check_grep "its refusals are all right" '"refusal_accuracy": 1(\.0*)?,' "$T/oracle.json"

validate_with offline.json
check "the offline validation passes its privacy targets" test $? -eq 0

start_fake --oracle-n $N --oracle-seed 5 --oracle-domain --oracle-error 1
validate_with wrong.json $(server)
check "the validation through an always-wrong oracle passes its privacy targets" test $? -eq 0

o=$(leaves "$T/oracle.json") f=$(leaves "$T/offline.json") w=$(leaves "$T/wrong.json")
check "reconstruction at the leaves: oracle $o, offline $f, always wrong $w (1/1000)" \
    test "$o" -ge $((f + 150)) -a "$o" -ge 900 -a "$w" -le $((o - 300))
o=$(nmi "$T/oracle.json") f=$(nmi "$T/offline.json") w=$(nmi "$T/wrong.json")
check "leaves follow the topics better with the oracle ($o) than offline ($f), NMI in 1/1000" \
    test "$o" -ge $((f + 80))
check "and far worse when every summary is another topic's ($w)" test "$w" -le $((o - 300))

check_status 2 "a share above 1 is refused" "$FAKE" --oracle-n 10 --oracle-error 1.5

#!/bin/sh
# test_validate.sh — kleio validate runs the pipeline blind on a synthetic corpus, reports
# every figure, meets the privacy targets, and refuses bad usage.
. "$KLEIO_ROOT/tests/lib.sh"

check "validate a small corpus" "$KLEIO" validate --n 2000 --seed 5 --min-users 5 \
    --min-conversations 10 --json
sed -n '/^{/,$p' "$T/.out" >"$T/report.json"
check "the report is JSON" jq -e . "$T/report.json"
check "privacy targets met" jq -e '.privacy.ok == true and .privacy.planted_found == 0
    and .privacy.poison_secret_found == false and .privacy.below_thresholds == 0' "$T/report.json"
check "private details were planted to look for" jq -e '.privacy.planted_details > 50' "$T/report.json"
check "reconstruction accuracy reported" jq -e '(.reconstruction.overall | type) == "number"
    and (.reconstruction.concerning | type) == "number"
    and (.reconstruction.per_language | length) >= 1' "$T/report.json"
check "leaves against topics" jq -e '.leaves_vs_topics.nmi > 0 and (.leaves_vs_topics.ari | type) == "number"' "$T/report.json"
check "facet accuracy per language" jq -e '.facets.language_accuracy > 0
    and (.facets.refusal_per_language | length) >= 1' "$T/report.json"
check "refusal-rate error per cluster" jq -e '.refusal_rate_error.clusters > 0
    and .refusal_rate_error.mean_abs >= 0' "$T/report.json"
check "the burst is found" jq -e '.abuse.burst_conversations > 0' "$T/report.json"
check "every conversation scored" jq -e '.clustered == .conversations or .clustered > 0.98 * .conversations' "$T/report.json"

check "the table on a terminal" "$KLEIO" validate --n 1000 --seed 2 --min-users 5 --min-conversations 10
check_grep "table: reconstruction" "Reconstruction accuracy" "$T/.out"
check_grep "table: privacy verdict" "Privacy targets: met" "$T/.out"

check_status 2 "another backend is refused" "$KLEIO" validate --backend openai
check_status 2 "too small a corpus is refused" "$KLEIO" validate --n 5
check_status 2 "unknown option" "$KLEIO" validate --frobnicate
check "validate --help" "$KLEIO" validate --help

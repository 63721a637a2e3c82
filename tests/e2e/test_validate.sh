#!/bin/sh
# test_validate.sh — kleio validate runs the pipeline blind on a synthetic corpus, reports
# every figure, meets the privacy targets, and refuses bad usage.
. "$KLEIO_ROOT/tests/lib.sh"

check "validate a small corpus" "$KLEIO" validate --n 2000 --seed 5 --min-users 5 \
    --min-conversations 10 --json
sed -n '/^{/,$p' "$T/.out" >"$T/report.json"
# The report is indented JSON, one key per line: checked with grep (no jq needed).
check_grep "privacy targets met" '"ok": true' "$T/report.json"
check_grep "no planted detail found" '"planted_found": 0,' "$T/report.json"
check_grep "the poisoning secret not found" '"poison_secret_found": false' "$T/report.json"
check_grep "nothing below the thresholds" '"below_thresholds": 0,' "$T/report.json"
check_grep "private details were planted to look for" '"planted_details": [0-9]{3,}' "$T/report.json"
check_grep "reconstruction accuracy overall" '"overall": 0\.[0-9]+' "$T/report.json"
check_grep "reconstruction accuracy, concerning" '"concerning": (0|1)(\.[0-9]+)?' "$T/report.json"
check_grep "reconstruction accuracy per language" '"per_language": \{' "$T/report.json"
check_grep "leaves against topics: NMI" '"nmi": 0\.[0-9]+' "$T/report.json"
check_grep "leaves against topics: ARI" '"ari": -?[0-9.]+' "$T/report.json"
check_grep "language facet accuracy" '"language_accuracy": 0\.[0-9]+' "$T/report.json"
check_grep "refusal facet per language" '"refusal_per_language": \{' "$T/report.json"
check_grep "refusal-rate error per cluster" '"mean_abs": 0(\.[0-9]+)?' "$T/report.json"
check_grep "the burst is found" '"burst_conversations": [1-9]' "$T/report.json"

check "the table on a terminal" "$KLEIO" validate --n 1000 --seed 2 --min-users 5 --min-conversations 10
check_grep "table: reconstruction" "Reconstruction accuracy" "$T/.out"
check_grep "table: privacy verdict" "Privacy targets: met" "$T/.out"

check_status 2 "another backend is refused" "$KLEIO" validate --backend openai
check_status 2 "too small a corpus is refused" "$KLEIO" validate --n 5
check_status 2 "unknown option" "$KLEIO" validate --frobnicate
check "validate --help" "$KLEIO" validate --help

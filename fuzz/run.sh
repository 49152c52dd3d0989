#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS (default 60) or FUZZ_RUNS executions, starting from the committed
# seed corpus in fuzz/corpus/<target>/ (new inputs go to .build-fuzz/work/<target>/, crashes to
# .build-fuzz/artifacts/). Prints the execution count of each; fails on the first crash.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${*:-sse frontmatter outline commands}
[[ -n ${FUZZ_SKIP_BUILD:-} ]] || fuzz/build.sh $TARGETS
export SWIFT_BACKTRACE=enable=no   # libFuzzer reports the crash; the Swift backtracer is slow
status=0
for t in $TARGETS; do
    mkdir -p ".build-fuzz/work/$t" .build-fuzz/artifacts
    limit=(-max_total_time="$SECONDS_EACH")
    [[ -n ${FUZZ_RUNS:-} ]] && limit=(-runs="$FUZZ_RUNS")
    log=".build-fuzz/fuzz-$t.log"
    start=$(date +%s)
    if ".build-fuzz/fuzz-$t" ".build-fuzz/work/$t" "fuzz/corpus/$t" -dict="fuzz/dict/$t.dict" -max_len=2048 \
        -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 "${limit[@]}" \
        -artifact_prefix=".build-fuzz/artifacts/$t-" >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        echo "fuzz $t: $runs executions in $(( $(date +%s) - start )) s, no crash"
    else
        echo "fuzz $t: CRASH — see $log and .build-fuzz/artifacts/$t-*"
        grep -m5 -E 'ERROR|runtime failure|Fatal error' "$log" || true
        status=1
    fi
done
exit $status

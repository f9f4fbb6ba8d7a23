#!/bin/bash
# Builds one libFuzzer target of Fuzz/ with -sanitize=fuzzer,address and runs it for SECONDS on
# a scratch copy of its committed seed corpus (Fuzz/Corpus/TARGET). New inputs that grow
# coverage stay in the scratch folder (printed at the end); a crash is written to
# Fuzz/Crashes/TARGET-crash-… and the script exits non-zero. Add every crash as a regression
# test, then its input to the seed corpus.
#
#   scripts/fuzz.sh FuzzCSV|FuzzDefinition|FuzzState SECONDS [libFuzzer options…]
#
# Environment: SWIFT (default `swift`; e.g. a wrapper that holds a build slot). One run uses one
# core. The last line printed is "TARGET: N executions in S s (R/s), corpus C/B (inputs/bytes), no crash"
# (docs/fuzzing.md records these numbers).
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
swift=${SWIFT:-swift}
# Allocation stacks are not collected (3x faster); rerun a crash with the defaults to see them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:detect_leaks=0}
# The Swift runtime's backtracer reads memory ASan has poisoned (a false "unknown-crash" that
# hides the trap); libFuzzer and ASan print the stack themselves.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
cd "$root/Fuzz"
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -g)
$swift build "${flags[@]}" --product "$target"
bin="$($swift build "${flags[@]}" --show-bin-path)/$target"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rapport-fuzz-$target.XXXXXX")
cp -R "Corpus/$target/." "$scratch/"
mkdir -p Crashes
log="$scratch.log"
set +e
start=$SECONDS
"$bin" "$scratch" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="Crashes/$target-" -detect_leaks=0 "$@" 2>&1 | tee "$log" | grep -E "^#[0-9]+.*(pulse|DONE)|^Done|ERROR|SUMMARY|stat::|crash-"
status=${PIPESTATUS[0]}
elapsed=$((SECONDS - start))
set -e
runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
rate=$(grep -E "^stat::average_exec_per_sec" "$log" | awk '{print $2}')
corpus=$(grep -E "^#[0-9]+.*DONE" "$log" | sed -E 's/.*corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/')
echo "new corpus: $scratch (log: $log)"
if [ "$status" -ne 0 ]; then
    echo "$target: CRASH after ${runs:-?} executions (status $status); see Fuzz/Crashes/" >&2
    exit "$status"
fi
echo "$target: ${runs:-?} executions in $elapsed s (${rate:-?}/s), corpus ${corpus:-?} (inputs/bytes), no crash"

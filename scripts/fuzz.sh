#!/bin/bash
# Builds one libFuzzer target of Fuzz/ with -sanitize=fuzzer,address and runs it for SECONDS on
# a scratch copy of its committed seed corpus (Fuzz/Corpus/TARGET). New inputs that grow
# coverage stay in the scratch folder (printed at the end); a crash is written to
# Fuzz/Crashes/TARGET-crash-… and the script exits non-zero. Add every crash as a regression
# test, then its input to the seed corpus.
#
#   scripts/fuzz.sh FuzzCSV|FuzzReaderOptions|FuzzDefinition|FuzzState SECONDS [libFuzzer options…]
#
# The target is always rebuilt first (incrementally), so a campaign never fuzzes stale library
# code; should any source of the library or of Fuzz/ still be newer than the binary, it is
# relinked, and the script stops if that does not help. The commit fuzzed is printed.
#
# Environment: SWIFT (default `swift`; e.g. a wrapper that holds a build slot); LEAKS=1 turns
# LeakSanitizer on (ASan's `detect_leaks=1` and libFuzzer's `-detect_leaks=1`). One run uses one
# core. The last line printed is "TARGET: N executions in S s (R/s), corpus C/B (inputs/bytes), no crash"
# (docs/fuzzing.md records these numbers).
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
swift=${SWIFT:-swift}
# Allocation stacks are not collected (3x faster); rerun a crash with the defaults to see them.
leaks=${LEAKS:-0}
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:detect_leaks=$leaks}
# The Swift runtime's backtracer reads memory ASan has poisoned (a false "unknown-crash" that
# hides the trap); libFuzzer and ASan print the stack themselves.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
cd "$root/Fuzz"
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -g)
$swift build "${flags[@]}" --product "$target"
bin="$($swift build "${flags[@]}" --show-bin-path)/$target"
stale=$(find "$root/Sources" "$root/Package.swift" "Sources/$target" Sources/CFuzzerDriver Package.swift -type f -newer "$bin" | head -1)
if [ -n "$stale" ]; then
    echo "$stale is newer than $bin: relinking" >&2
    rm -f "$bin"
    $swift build "${flags[@]}" --product "$target"
    stale=$(find "$root/Sources" "$root/Package.swift" "Sources/$target" Sources/CFuzzerDriver Package.swift -type f -newer "$bin" | head -1)
    [ -z "$stale" ] || { echo "the build left $bin older than $stale: not fuzzing stale code" >&2; exit 2; }
fi
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$root" diff --quiet HEAD -- Sources Package.swift Fuzz/Sources Fuzz/Package.swift 2>/dev/null || commit="$commit+uncommitted"
echo "fuzzing $target built from $commit (leak detection: $([ "$leaks" = 1 ] && echo on || echo off))"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rapport-fuzz-$target.XXXXXX")
cp -R "Corpus/$target/." "$scratch/"
mkdir -p Crashes
log="$scratch.log"
set +e
start=$SECONDS
"$bin" "$scratch" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="Crashes/$target-" -detect_leaks="$leaks" "$@" 2>&1 | tee "$log" | grep -E "^#[0-9]+.*(pulse|DONE)|^Done|ERROR|SUMMARY|stat::|crash-|leak-|[Ll]eak"
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
echo "$target at $commit: ${runs:-?} executions in $elapsed s (${rate:-?}/s), corpus ${corpus:-?} (inputs/bytes), no crash$([ "$leaks" = 1 ] && echo ", no leak")"

#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for
# SECONDS (default 60), starting from tests/fuzz/corpus/<target>/. A crash
# stops with the input saved as build-fuzz/findings/<target>/crash-*: add it
# to tests/fuzz/corpus/<target>/ once fixed (the unit tests replay it).
# Usage: scripts/fuzz.sh [seconds] [target...]   targets: plan csv inspection ack
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(plan csv inspection ack)

# The build's output goes to a log, shown when the build fails.
mkdir -p build-fuzz
HG_TARGETS="${TARGETS[*]/#/fuzz_}" ./scripts/setup.sh build-fuzz -DHAZEGATE_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
  >build-fuzz/build.log 2>&1 || { tail -40 build-fuzz/build.log; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in "${TARGETS[@]}"; do
  work="build-fuzz/corpus/$target"
  findings="build-fuzz/findings/$target"
  mkdir -p "$work" "$findings"
  echo "fuzz: $target for ${SECONDS_EACH}s"
  "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$SECONDS_EACH" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$target" \
    2>"build-fuzz/fuzz_$target.log" \
    || { tail -50 "build-fuzz/fuzz_$target.log"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/fuzz_$target.log" \
    | sed "s/^/fuzz: $target /"
done

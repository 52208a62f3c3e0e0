#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
# Builds in DIR (Debug) with -fsanitize=SANITIZERS and any extra flags.
# Usage: sanitized_build DIR SANITIZERS [FLAGS]
sanitized_build() {
  # -g1: line tables for the sanitizers' stack traces, without the full
  # debug information's compile and link time.
  ./scripts/setup.sh "$1" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    "-DCMAKE_CXX_FLAGS=-fsanitize=$2 -fno-omit-frame-pointer${3:+ $3}" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=$2"
}
# --sanitize: the suite built with AddressSanitizer and UBSan, but for the
# browser and cluster tests, whose subjects are Chromium's pages and
# RabbitMQ's failover (they run in the plain suite; under ASan they took
# 700 of CI's 5,400 s). The server routes and the broker-auth answers they
# reach are the integration tests' too, which do run here.
if [ "${1:-}" = "--sanitize" ]; then
  shift
  HG_TARGETS="hazegate unit_tests notifier_tests integration_tests attack_tests" \
    sanitized_build build-sanitize address,undefined -fno-sanitize-recover=undefined
  cd build-sanitize
  ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j 2 \
    -E '^(Browser\.|Cluster|cluster_tests)' "$@"
  exit
fi
# --tsan: the notifier's own tests (dispatcher, warnings, the integration
# tests against a real broker, SmsService) built with ThreadSanitizer. The
# tests that fork the server (Crash, Sms) do not run here: TSan's allocator
# fails a CHECK in a forking multi-threaded test process.
if [ "${1:-}" = "--tsan" ]; then
  shift
  HG_TARGETS=notifier_tests sanitized_build build-tsan thread
  cd build-tsan
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/../tests/tsan.supp" \
    ctest --output-on-failure -j 2 \
    -R '^(DispatcherTest|WarningsTest|NotifierIntegration|BigFanOut|SmsServiceTest)\.' "$@"
  exit
fi
./scripts/setup.sh build
cd build
ctest --output-on-failure -j 2 "$@"

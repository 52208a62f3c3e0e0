#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
# --sanitize: the whole suite built with AddressSanitizer and UBSan.
if [ "${1:-}" = "--sanitize" ]; then
  shift
  ./scripts/setup.sh build-sanitize \
    -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"
  cd build-sanitize
  ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j 2 "$@"
  exit
fi
# --tsan: the notifier's own tests (dispatcher, warnings, the integration
# tests against a real broker) built with ThreadSanitizer.
if [ "${1:-}" = "--tsan" ]; then
  shift
  ./scripts/setup.sh build-tsan \
    -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS=-fsanitize=thread -fno-omit-frame-pointer" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread"
  cd build-tsan
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/../tests/tsan.supp" \
    ctest --output-on-failure -j 2 \
    -R '^(DispatcherTest|WarningsTest|NotifierIntegration|BigFanOut)\.' "$@"
  exit
fi
./scripts/setup.sh build
cd build
ctest --output-on-failure -j 2 "$@"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh build
cd build
ctest --output-on-failure -j 2 "$@"

#!/usr/bin/env bash
# The field app's shell load times on a throttled 3G profile, beside one
# small request alone on the same profile in the same run (the raw floor).
# Usage: scripts/bench/shell.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/setup.sh build >/dev/null
cd tests/browser
RUNS="${1:-3}" HAZEGATE_BIN="$PWD/../../build/hazegate" node shell.bench.mjs

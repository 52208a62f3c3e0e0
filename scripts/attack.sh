#!/usr/bin/env bash
# Runs each attack of issues 10 and 19 against a server it starts (the real
# binary behind the nginx TLS front door, with the broker run.sh ships, on
# free loopback ports, a fresh database with the sample plan) and prints,
# per attack, what it achieved before the fix and now, what a normal client
# saw meanwhile, and the server's peak RSS and CPU. Attackers connect from
# 127.0.0.2 (or .3-.5), the normal client from 127.0.0.1. Exit 0 if every
# attack held.
# Usage: scripts/attack.sh [--hold]   (--hold: only start the server and wait)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh build >/dev/null
exec ./build/tests/attack "$@"

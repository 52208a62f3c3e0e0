#!/usr/bin/env bash
# Authenticated GET /api/v1/orgs/{id} over TLS keep-alive (wrk, 32
# connections) beside the static /livez route of the same server, same run.
# Usage: scripts/bench/http.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-10}"
./scripts/setup.sh build >/dev/null
source scripts/bench/server.sh
start_bench_server office office
cat > "$WORK/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
# Check the route answers 200 before measuring it.
curl -sf --cacert "$WORK/tls/ca.crt" -H "Authorization: Bearer $TOKEN" \
  "https://127.0.0.1:$PORT/api/v1/orgs/ent-001" >/dev/null


read -r base_rps base_p99 < <(measure "https://127.0.0.1:$PORT/livez")
read -r org_rps org_p99 < <(measure -s "$WORK/auth.lua" "https://127.0.0.1:$PORT/api/v1/orgs/ent-001")
ratio="$(awk -v a="$org_rps" -v b="$base_rps" 'BEGIN {printf "%.0f", 100 * a / b}')"
printf 'baseline GET /livez (static):          %10.0f req/s  p99 %6.2f ms\n' "$base_rps" "$base_p99"
printf 'GET /api/v1/orgs/{id} (bearer token):  %10.0f req/s  p99 %6.2f ms\n' "$org_rps" "$org_p99"
printf 'ratio to baseline: %s %%  (wrk -t2 -c32, TLS keep-alive, %ss each)\n' "$ratio" "$SECONDS_PER_RUN"

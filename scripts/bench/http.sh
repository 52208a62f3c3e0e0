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

# Runs wrk; prints "requests_per_second p99_ms".
measure() {
  local out
  out="$(wrk -t 2 -c 32 -d "${SECONDS_PER_RUN}s" --latency "$@")"
  local rps p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")"
  local errors
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  [ -z "$errors" ] || { echo "bench: $errors non-2xx responses" >&2; exit 1; }
  echo "$rps $p99"
}

read -r base_rps base_p99 < <(measure "https://127.0.0.1:$PORT/livez")
read -r org_rps org_p99 < <(measure -s "$WORK/auth.lua" "https://127.0.0.1:$PORT/api/v1/orgs/ent-001")
ratio="$(awk -v a="$org_rps" -v b="$base_rps" 'BEGIN {printf "%.0f", 100 * a / b}')"
printf 'baseline GET /livez (static):          %10.0f req/s  p99 %6.2f ms\n' "$base_rps" "$base_p99"
printf 'GET /api/v1/orgs/{id} (bearer token):  %10.0f req/s  p99 %6.2f ms\n' "$org_rps" "$org_p99"
printf 'ratio to baseline: %s %%  (wrk -t2 -c32, TLS keep-alive, %ss each)\n' "$ratio" "$SECONDS_PER_RUN"

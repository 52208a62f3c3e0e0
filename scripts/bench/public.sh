#!/usr/bin/env bash
# The public's level page data and CAP feed (issue 22): GET
# /api/v1/public/levels and /api/v1/feeds/cap.atom (no login) through the
# front door beside the static /livez route of the same server in the same
# run (wrk, 32 connections, TLS keep-alive): a full answer each time, the
# revalidated poll (If-None-Match → 304), and the full answer while a
# warning changes every second; one feed entry's CAP too. Target: ≥ 0.8 ×
# the static route.
# Usage: scripts/bench/public.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-10}"
./scripts/setup.sh build >/dev/null
source scripts/bench/server.sh
start_bench_server office office
API="https://127.0.0.1:$PORT"
CURL=(curl -sf --cacert "$WORK/tls/ca.crt" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
"${CURL[@]}" "$API/api/v1/warnings" -o /dev/null \
  -d '{"level":"yellow","areas":["652301"],"starts_at":"2026-12-01T08:00:00+08:00","reason":"bench"}'
etag="$(curl -sf --cacert "$WORK/tls/ca.crt" -D - -o /dev/null "$API/api/v1/public/levels" |
  tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')"
[ -n "$etag" ] || { echo "public: no ETag" >&2; exit 1; }
cat > "$WORK/revalidate.lua" <<LUA
wrk.headers["If-None-Match"] = '$etag'
LUA
# A second warning, so the feed holds two entries.
"${CURL[@]}" "$API/api/v1/warnings" -o /dev/null \
  -d '{"level":"yellow","areas":["652323"],"starts_at":"2026-12-01T08:00:00+08:00","reason":"bench"}'
FEED="$API/api/v1/feeds/cap.atom"
feed_etag="$(curl -sf --cacert "$WORK/tls/ca.crt" -D "$WORK/feed.headers" -o "$WORK/feed.atom" "$FEED" >/dev/null &&
  tr -d '\r' <"$WORK/feed.headers" | awk -F': ' 'tolower($1) == "etag" {print $2}')"
[ -n "$feed_etag" ] || { echo "public: the feed has no ETag" >&2; exit 1; }
entry="$(grep -o 'href="cap/[^"]*"' "$WORK/feed.atom" | head -1 | sed 's/href="//; s/"$//')"
[ -n "$entry" ] || { echo "public: the feed has no entry" >&2; exit 1; }
cat > "$WORK/revalidate-feed.lua" <<LUA
wrk.headers["If-None-Match"] = '$feed_etag'
LUA


# A warning changing every second: yellow over 652302 issued, then lifted.
churn() {
  while true; do
    id="$("${CURL[@]}" "$API/api/v1/warnings" \
      -d '{"level":"yellow","areas":["652302"],"starts_at":"2026-12-01T08:00:00+08:00","reason":"churn"}' | jq -r .id)"
    sleep 0.5
    "${CURL[@]}" "$API/api/v1/warnings/$id/lift" -d '{"reason":"churn"}' -o /dev/null
    sleep 0.5
  done
}

read -r base_rps base_p99 < <(measure "$API/livez")
read -r full_rps full_p99 < <(measure "$API/api/v1/public/levels")
read -r reval_rps reval_p99 < <(ALLOW_304=1 measure -s "$WORK/revalidate.lua" "$API/api/v1/public/levels")
read -r feed_rps feed_p99 < <(measure "$FEED")
read -r freval_rps freval_p99 < <(ALLOW_304=1 measure -s "$WORK/revalidate-feed.lua" "$FEED")
read -r cap_rps cap_p99 < <(measure "$API/api/v1/feeds/$entry")
churn &
CHURN_PID=$!
read -r churn_rps churn_p99 < <(measure "$API/api/v1/public/levels")
read -r fchurn_rps fchurn_p99 < <(measure "$FEED")
kill "$CHURN_PID" 2>/dev/null || true
wait "$CHURN_PID" 2>/dev/null || true
pct() { awk -v a="$1" -v b="$base_rps" 'BEGIN {printf "%.0f", 100 * a / b}'; }
printf 'baseline GET /livez (static):                     %8.0f req/s  p99 %6.2f ms\n' "$base_rps" "$base_p99"
printf 'GET /api/v1/public/levels (200):                  %8.0f req/s  p99 %6.2f ms  %s %%\n' "$full_rps" "$full_p99" "$(pct "$full_rps")"
printf 'GET /api/v1/public/levels (If-None-Match → 304):  %8.0f req/s  p99 %6.2f ms  %s %%\n' "$reval_rps" "$reval_p99" "$(pct "$reval_rps")"
printf 'GET /api/v1/public/levels, a warning changing 1/s: %7.0f req/s  p99 %6.2f ms  %s %%\n' "$churn_rps" "$churn_p99" "$(pct "$churn_rps")"
printf 'GET /api/v1/feeds/cap.atom (200, %s B):        %8.0f req/s  p99 %6.2f ms  %s %%\n' "$(wc -c <"$WORK/feed.atom")" "$feed_rps" "$feed_p99" "$(pct "$feed_rps")"
printf 'GET /api/v1/feeds/cap.atom (If-None-Match → 304): %7.0f req/s  p99 %6.2f ms  %s %%\n' "$freval_rps" "$freval_p99" "$(pct "$freval_rps")"
printf 'GET /api/v1/feeds/%s (200):  %8.0f req/s  p99 %6.2f ms  %s %%\n' "$entry" "$cap_rps" "$cap_p99" "$(pct "$cap_rps")"
printf 'GET /api/v1/feeds/cap.atom, a warning changing 1/s: %6.0f req/s  p99 %6.2f ms  %s %%\n' "$fchurn_rps" "$fchurn_p99" "$(pct "$fchurn_rps")"
printf '(wrk -t2 -c32 through the nginx front door, TLS keep-alive, %ss each, one run)\n' "$SECONDS_PER_RUN"

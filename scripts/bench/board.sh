#!/usr/bin/env bash
# The console's duty board for a big warning: GET /board for a
# prefecture-wide warning with N orders (default 100,000; half of them
# acknowledged, a tenth overdue), through the front door, beside GET /livez
# (static, same server, same run) as the raw baseline. Also the poll that
# finds nothing new (If-None-Match → 304) and the warning's map.
# Figures: the median of 7 requests each (curl, one TLS connection each).
# Usage: scripts/bench/board.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
./scripts/setup.sh build >/dev/null
source scripts/bench/server.sh
start_big_warning "$N"
id="$WARNING"
sqlite3 "$WORK/bench.db" <<SQL
PRAGMA busy_timeout = 10000;
UPDATE orders SET status = 'overdue', ack_due_at = created_at - 1
  WHERE warning_id = '$id' AND seq % 10 = 1;
SQL
orders="$(sqlite3 "$WORK/bench.db" "SELECT count(*) FROM orders WHERE warning_id = '$id'")"
etag="$("${CURL[@]}" -D - -o /dev/null "$API/api/v1/board" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')"
status="$("${CURL[@]}" -H "If-None-Match: $etag" -o /dev/null -w '%{http_code}' "$API/api/v1/board")"
[ "$status" = 304 ] || { echo "board: revalidation answered $status, not 304" >&2; exit 1; }
board_s="$(median "$API/api/v1/board")"
revalidate_s="$(median "$API/api/v1/board" -H "If-None-Match: $etag")"
map_s="$(median "$API/api/v1/warnings/$id/map")"
livez_s="$(median "$API/livez")"
awk -v n="$orders" -v b="$board_s" -v r="$revalidate_s" -v m="$map_s" -v l="$livez_s" 'BEGIN {
  printf "board of a warning with %d orders: GET /board %.0f ms, revalidated (304) %.0f ms, GET /warnings/{id}/map %.0f ms (median of 7); GET /livez %.0f ms in the same run; board minus baseline %.0f ms\n",
    n, 1000 * b, 1000 * r, 1000 * m, 1000 * l, 1000 * (b - l) }'

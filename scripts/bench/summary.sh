#!/usr/bin/env bash
# The evaluation of a big warning: GET /warnings/{id}/summary for a
# prefecture-wide warning with N orders (default 100,000; half of them
# acknowledged, each enterprise with a report), through the front door,
# beside GET /livez (static, same server, same run) as the raw baseline.
# Figures: the median of 7 requests each (curl, one TLS connection each).
# Usage: scripts/bench/summary.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
./scripts/setup.sh build >/dev/null
source scripts/bench/server.sh
start_big_warning "$N"
id="$WARNING"
sqlite3 "$WORK/bench.db" <<SQL
PRAGMA busy_timeout = 10000;
INSERT INTO order_reports (id, order_id, org, author, text, figures, created_at)
  SELECT 'rep-' || id, id, org, 'bench', '已落实', '{"停产工序": 1}', created_at + 600
  FROM orders WHERE warning_id = '$id' AND kind = 'enterprise_measures';
SQL
orders="$(sqlite3 "$WORK/bench.db" "SELECT count(*) FROM orders WHERE warning_id = '$id'")"
summary_s="$(median "$API/api/v1/warnings/$id/summary")"
page_s="$(median "$API/api/v1/warnings/$id/summary.html")"
livez_s="$(median "$API/livez")"
awk -v n="$orders" -v s="$summary_s" -v p="$page_s" -v l="$livez_s" 'BEGIN {
  printf "summary of a warning with %d orders: JSON %.0f ms, summary.html %.0f ms (median of 7); GET /livez %.0f ms in the same run; JSON minus baseline %.0f ms\n",
    n, 1000 * s, 1000 * p, 1000 * l, 1000 * (s - l) }'

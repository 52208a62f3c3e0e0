#!/usr/bin/env bash
# The information work over a generated season: 20 warnings in force of N
# recipients each (default 10,000: 200,000 orders, half acknowledged),
# through the front door — compiling the daily bulletin over all of them
# (POST /bulletins) and the season view (GET /season) — beside the raw
# floor of the same run: one plain count query over the same orders in the
# sqlite3 shell, and GET /livez. Figures: the median of 7 each.
# Usage: scripts/bench/bulletin.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-10000}"
./scripts/setup.sh build >/dev/null
source scripts/bench/server.sh
start_big_warning "$N"
# 19 more warnings like the first, each with a copy of its orders.
python3 - "$WORK/bench.db" "$WARNING" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
first = sys.argv[2]
def columns(table):
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != 'seq']
wcols, ocols = columns('warnings'), columns('orders')
for k in range(1, 20):
    w = f"{first}-b{k}"
    sel = ", ".join({'id': f"'{w}'"}.get(c, c) for c in wcols)
    db.execute(f"INSERT INTO warnings ({', '.join(wcols)}) SELECT {sel} FROM warnings WHERE id = ?", (first,))
    sel = ", ".join({'id': f"id || '-b{k}'", 'warning_id': f"'{w}'"}.get(c, c) for c in ocols)
    db.execute(f"INSERT INTO orders ({', '.join(ocols)}) SELECT {sel} FROM orders WHERE warning_id = ?", (first,))
db.commit()
PY
orders="$(sqlite3 "$WORK/bench.db" "SELECT count(*) FROM orders")"
count_s="$(for _ in 1 2 3 4 5 6 7; do
  start="$(date +%s.%N)"
  sqlite3 "$WORK/bench.db" "SELECT warning_id, kind, count(*), count(acked_at) FROM orders GROUP BY warning_id, kind" >/dev/null
  echo "$(date +%s.%N) - $start" | bc
done | sort -g | sed -n 4p)"
bulletin_s="$(median "$API/api/v1/bulletins" -X POST -H 'Content-Type: application/json' -d '{"kind":"daily"}')"
season_s="$(median "$API/api/v1/season?from=2026-10-01&to=2027-04-01")"
livez_s="$(median "$API/livez")"
covered="$("${CURL[@]}" "$API/api/v1/bulletins?kind=daily" | jq -r '.[0].id' |
  xargs -I{} "${CURL[@]}" "$API/api/v1/bulletins/{}" | jq '.figures.warnings | length')"
awk -v n="$orders" -v w="$covered" -v b="$bulletin_s" -v s="$season_s" -v c="$count_s" -v l="$livez_s" 'BEGIN {
  printf "%d orders in %d warnings in force: daily bulletin compiled %.0f ms, season view %.0f ms (median of 7, through the front door); plain count query over the orders %.0f ms (sqlite3 shell), GET /livez %.0f ms in the same run; bulletin %.1fx the count query\n",
    n, w, 1000 * b, 1000 * s, 1000 * c, 1000 * l, b / c }'

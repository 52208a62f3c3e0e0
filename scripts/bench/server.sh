# Sourced by the benchmarks: a hazegate server in its production shape (the
# gateway on a plain-HTTP loopback port behind the nginx TLS front door) on
# free loopback ports, with a dev CA, the sample plan, and one account. Sets
# WORK, PORT (the front door's), GATEWAY_PORT, TOKEN, SERVER_PID and
# FRONTDOOR_PID; stops both and removes WORK on exit.
# Usage: start_bench_server ROLE ORG [VAR=value ...]   (env for the server)
BIN="$PWD/build/hazegate"
WORK="$(mktemp -d)"
SERVER_PID=""
FRONTDOOR_PID=""
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
stop_bench_server() {
  [ -n "$FRONTDOOR_PID" ] && kill -QUIT "$FRONTDOOR_PID" 2>/dev/null && wait "$FRONTDOOR_PID" 2>/dev/null
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap stop_bench_server EXIT

start_bench_server() {
  local role="$1" org="$2"
  shift 2
  PORT="$(free_port)"
  GATEWAY_PORT="$(free_port)"
  ./scripts/make-dev-certs.sh "$WORK/tls"
  cat > "$WORK/hazegate.toml" <<TOML
[server]
listen = "127.0.0.1:$GATEWAY_PORT"
tls_cert = ""
tls_key = ""
[store]
database = "bench.db"
blobs = "blobs"
TOML
  "$BIN" plan load --config "$WORK/hazegate.toml" config/plans/changji.json 2>/dev/null
  TOKEN="$("$BIN" account create --config "$WORK/hazegate.toml" \
    --username bench --role "$role" --org "$org")"
  env "$@" "$BIN" serve --config "$WORK/hazegate.toml" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  ./scripts/frontdoor.sh "$WORK/frontdoor" "127.0.0.1:$PORT" \
    "127.0.0.1:$GATEWAY_PORT" "$WORK/tls/server.crt" "$WORK/tls/server.key"
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$WORK/frontdoor" -c "$WORK/frontdoor/nginx.conf" -g 'daemon off;' &
  FRONTDOOR_PID=$!
  for _ in $(seq 100); do
    curl -sf --cacert "$WORK/tls/ca.crt" "https://127.0.0.1:$PORT/livez" >/dev/null && return
    sleep 0.1
  done
  echo "bench: the server did not start" >&2
  exit 1
}

# A prefecture-wide yellow warning over a generated plan of N recipients,
# issued by the office through the front door, half of its orders then
# acknowledged (straight in the database). Sets API, CURL (with the
# office's token) and WARNING (its id).
# Usage: start_big_warning N
start_big_warning() {
  start_bench_server office office
  python3 scripts/bench/make_plan.py "$1" "$WORK/big.json"
  "$BIN" plan load --config "$WORK/hazegate.toml" "$WORK/big.json" 2>/dev/null
  API="https://127.0.0.1:$PORT"
  CURL=(curl -sf --cacert "$WORK/tls/ca.crt" -H "Authorization: Bearer $TOKEN")
  WARNING="$("${CURL[@]}" -H 'Content-Type: application/json' "$API/api/v1/warnings" \
    -d '{"level":"yellow","areas":["652300"],"starts_at":"2026-12-01T08:00:00+08:00","reason":"bench"}' | jq -r .id)"
  sqlite3 "$WORK/bench.db" <<SQL
PRAGMA busy_timeout = 10000;
UPDATE orders SET status = 'acknowledged', received_at = created_at + 60,
  acked_at = created_at + 60 + seq % 3600, acked_by = 'bench'
  WHERE warning_id = '$WARNING' AND seq % 2 = 0;
SQL
}

# The median of 7 timed requests (seconds), each its own TLS connection.
# Usage: median URL [curl args...]
median() {
  local url="$1"
  shift
  for _ in 1 2 3 4 5 6 7; do "${CURL[@]}" "$@" -o /dev/null -w '%{time_total}\n' "$url"; done |
    sort -g | sed -n 4p
}

# Runs wrk for SECONDS_PER_RUN (default 10) s with 32 connections; prints
# "requests_per_second p99_ms". A non-2xx answer fails the run, but for a
# 304 when ALLOW_304=1 (a revalidating client).
# Usage: measure [wrk args...] URL
measure() {
  local out rps p99 errors
  out="$(wrk -t 2 -c 32 -d "${SECONDS_PER_RUN:-10}s" --latency "$@")"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  if [ -n "$errors" ] && [ "${ALLOW_304:-0}" != 1 ]; then
    echo "bench: $errors non-2xx responses" >&2
    exit 1
  fi
  echo "$rps $p99"
}

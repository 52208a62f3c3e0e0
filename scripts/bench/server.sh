# Sourced by the benchmarks: a hazegate server on a free loopback port with
# a dev CA, the sample plan, and one account. Sets WORK, PORT, TOKEN and
# SERVER_PID, and stops the server and removes WORK on exit.
# Usage: start_bench_server ROLE ORG [VAR=value ...]   (env for the server)
BIN="$PWD/build/hazegate"
WORK="$(mktemp -d)"
SERVER_PID=""
stop_bench_server() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap stop_bench_server EXIT

start_bench_server() {
  local role="$1" org="$2"
  shift 2
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  ./scripts/make-dev-certs.sh "$WORK/tls"
  cat > "$WORK/hazegate.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
tls_cert = "tls/server.crt"
tls_key = "tls/server.key"
[store]
database = "bench.db"
blobs = "blobs"
TOML
  "$BIN" plan load --config "$WORK/hazegate.toml" config/plans/changji.json 2>/dev/null
  TOKEN="$("$BIN" account create --config "$WORK/hazegate.toml" \
    --username bench --role "$role" --org "$org")"
  env "$@" "$BIN" serve --config "$WORK/hazegate.toml" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    curl -sf --cacert "$WORK/tls/ca.crt" "https://127.0.0.1:$PORT/livez" >/dev/null && return
    sleep 0.1
  done
  echo "bench: the server did not start" >&2
  exit 1
}

#!/usr/bin/env bash
# Several prefectures on one clustered broker: K hazegate instances (one per
# prefecture, each with its own store and plan of N recipients, its own
# client id, the first node of its [mqtt] uri list a different one) sharing
# a three-node RabbitMQ cluster (scripts/cluster.sh), a regional orange
# warning approved in all of them at once. Figures: approve -> last PUBACK
# per instance (from each server's /metrics) and orders/s per instance and
# in total, beside a raw Paho QoS 1 loop of as many messages of the same
# size against the same cluster in the same run.
# Usage: [SERVER_ACCOUNTS=asked|internal] scripts/bench/province.sh [K] [N]
#        (default 3 instances × 3000; the servers' accounts asked of
#        hazegate like every other, or the nodes' internal users)
#
# Each instance has its own server account and topic prefix (pK/…). The
# cluster asks one endpoint about accounts, `hazegate mqtt regional-auth`,
# which asks the prefecture whose account it is (docs/operations.md, "A
# region"). The raw loop logs in with instance 1's account, to its prefix.
set -euo pipefail
cd "$(dirname "$0")/../.."
K="${1:-3}"
N="${2:-3000}"
./scripts/setup.sh build >/dev/null
BIN="$PWD/build/hazegate"
PUB="$PWD/build/tests/bench_publish"
source scripts/bench/common.sh
trap 'scripts/cluster.sh stop "$WORK/cluster" >/dev/null 2>&1 || true; cleanup' EXIT

ports=()
gateways=()
for k in $(seq "$K"); do
  ports+=("$(free_port)")
  gateways+=(--gateway "http://127.0.0.1:${ports[$((k - 1))]}")
done
regional="$(free_port)"
"$BIN" mqtt regional-auth --listen "127.0.0.1:$regional" "${gateways[@]}" \
  2>"$WORK/regional.err" & PIDS+=($!)
passwords=()
servers=()
for k in $(seq "$K"); do
  passwords+=("$(openssl rand -hex 16)")
  servers+=("gw-p$k:${passwords[$((k - 1))]}:p$k")
done
# SERVER_ACCOUNTS=internal: the servers' accounts are the nodes' own users
# (cluster.sh's HG_SERVER_ACCOUNTS): their publishes ask nobody.
if [ "${SERVER_ACCOUNTS:-asked}" = internal ]; then
  HG_SERVER_ACCOUNTS="$(IFS=,; echo "${servers[*]}")"
  export HG_SERVER_ACCOUNTS
fi
scripts/cluster.sh start "$WORK/cluster" "http://127.0.0.1:$regional" >/dev/null
source "$WORK/cluster/cluster.env"
IFS=, read -r -a nodes <<<"$MQTT_URIS"
export BENCH_MQTT_USERNAME=gw-p1 BENCH_MQTT_PASSWORD="${passwords[0]}"

offices=()
commands=()
for k in $(seq "$K"); do
  dir="$WORK/p$k"
  mkdir -p "$dir"
  # Instance k starts with node k (of 3): the load spreads over the nodes.
  first=$(((k - 1) % 3))
  uris="${nodes[$first]},${nodes[$(((first + 1) % 3))]},${nodes[$(((first + 2) % 3))]}"
  cat > "$dir/hazegate.toml" <<TOML
[server]
listen = "127.0.0.1:${ports[$((k - 1))]}"
[store]
database = "h.db"
blobs = "blobs"
[mqtt]
uri = "$uris"
client_id = "gw-p$k"
username = "gw-p$k"
password = "${passwords[$((k - 1))]}"
topic_prefix = "p$k"
auth_http = true
TOML
  python3 scripts/bench/make_plan.py "$N" "$dir/plan.json"
  "$BIN" plan load --config "$dir/hazegate.toml" "$dir/plan.json" 2>/dev/null
  offices+=("$("$BIN" account create --config "$dir/hazegate.toml" --username office --role office --org office)")
  commands+=("$("$BIN" account create --config "$dir/hazegate.toml" --username command --role command --org command)")
  "$BIN" serve --config "$dir/hazegate.toml" >/dev/null 2>"$dir/server.err" & PIDS+=($!)
done
ids=()
for k in $(seq "$K"); do
  api="http://127.0.0.1:${ports[$((k - 1))]}"
  for _ in $(seq 300); do
    curl -sf "$api/healthz" | grep -q '"connected"' && break
    sleep 0.1
  done
  ids+=("$(curl -sf -H "Authorization: Bearer ${offices[$((k - 1))]}" -H 'Content-Type: application/json' \
    "$api/api/v1/warnings" \
    -d '{"level":"orange","areas":["652300"],"starts_at":"2026-12-01T08:00:00+08:00","reason":"bench"}' | jq -r .id)")
done
h2="${nodes[1]#tcp://}"
mosquitto_sub -h "${h2%:*}" -p "${h2#*:}" -u "$BENCH_MQTT_USERNAME" -P "$BENCH_MQTT_PASSWORD" \
  -t "p1/orgs/bench-school-0/orders" -C 1 > "$WORK/sample.json" &
sampler=$!
sleep 0.5
t0="$(now)"
for k in $(seq "$K"); do
  curl -sf -H "Authorization: Bearer ${commands[$((k - 1))]}" -X POST \
    "http://127.0.0.1:${ports[$((k - 1))]}/api/v1/warnings/${ids[$((k - 1))]}/approve" >/dev/null &
done
wait_delivered() {
  local api="$1" token="$2" id="$3"
  until curl -sf -H "Authorization: Bearer $token" "$api/api/v1/warnings/$id" |
        jq -e '.status == "active" and (.order_counts | has("pending") | not)' >/dev/null; do
    sleep 0.1
  done
  until curl -sf "$api/metrics" | awk '$1 == "hazegate_outbox_published_total" { p = $2 }
      $1 == "hazegate_outbox_delivered_total" { d = $2 } END { exit !(p > 0 && p == d) }'; do
    sleep 0.1
  done
  curl -sf "$api/metrics" | awk '$1 == "hazegate_outbox_last_delivery_timestamp_seconds" { print $2 }'
}
total=0
last=0
lines=()
for k in $(seq "$K"); do
  api="http://127.0.0.1:${ports[$((k - 1))]}"
  end="$(wait_delivered "$api" "${offices[$((k - 1))]}" "${ids[$((k - 1))]}")"
  orders="$(sqlite3 "$WORK/p$k/h.db" "SELECT count(*) FROM orders WHERE warning_id = '${ids[$((k - 1))]}' AND kind <> 'approval_request'")"
  total=$((total + orders))
  last="$(echo "if ($end > $last) $end else $last" | bc)"
  lines+=("$(awk -v k="$k" -v n="$orders" -v t="$(echo "$end - $t0" | bc)" 'BEGIN {
    printf "  instance %d: %d orders, approve -> last PUBACK %.2f s = %.0f orders/s\n", k, n, t, n / t }')")
done
wait "$sampler" || true
bytes="$(wc -c < "$WORK/sample.json")"
raw="$(for _ in 1 2; do "$PUB" raw "${nodes[0]}" "$total" "$bytes" p1; done | sort -g | head -1)"
printf '%s\n' "${lines[@]}"
awk -v k="$K" -v n="$total" -v t="$(echo "$last - $t0" | bc)" -v r="$raw" -v b="$bytes" 'BEGIN {
  printf "%d instances, %d orders (%d B each) on a 3-node RabbitMQ cluster: all delivered %.2f s after the approvals = %.0f orders/s | raw Paho QoS 1 loop, same count, same cluster: %.2f s = %.0f msg/s | ratio %.0f %%\n",
    k, n, b, t, n / t, r, n / r, 100 * (n / t) / (n / r) }'

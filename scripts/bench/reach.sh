#!/usr/bin/env bash
# Reach: a prefecture-wide warning over a generated plan with RECIPIENTS
# recipients (default 10,000); the generated schools are the measured ones:
# 70 % have a device online (the bench's receipting device: over TCP, and
# over WebSocket for every tenth of them), 30 % have none and a contact
# phone. [sms] after_s = 0: their SMS go out at once through Kannel (with
# its simulated SMSC, fakesmsc). Prints approve -> last live receipt,
# -> last SMS accepted by Kannel, -> all reached (receipt or SMS delivered),
# beside the raw Paho QoS 1 loop and Kannel's own sendsms rate (the same
# number of the same texts straight to sendsms over one keep-alive
# connection) measured in the same run.
# Usage: scripts/bench/reach.sh [RECIPIENTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-10000}"
./scripts/setup.sh build >/dev/null
BIN="$PWD/build/hazegate"
PUB="$PWD/build/tests/bench_publish"
source scripts/bench/common.sh
dir="${REACH_KEEP:-$WORK}"; mkdir -p "$dir"
mkdir -p "$dir/mosquitto"
mqtt_port="$(free_port)" ws_port="$(free_port)" http_port="$(free_port)"
export BENCH_MQTT_USERNAME=bench BENCH_MQTT_PASSWORD="$(openssl rand -hex 16)"
mosquitto_passwd -c -b "$dir/passwd" "$BENCH_MQTT_USERNAME" "$BENCH_MQTT_PASSWORD"
cat > "$dir/mosquitto.conf" <<CONF
user $(id -un)
per_listener_settings false
allow_anonymous false
password_file $dir/passwd
persistence false
max_queued_messages 200000
log_dest none
listener $mqtt_port 127.0.0.1
listener $ws_port 127.0.0.1
protocol websockets
CONF
mosquitto -c "$dir/mosquitto.conf" & PIDS+=($!)

# Kannel: bearerbox, smsbox, the simulated SMSC.
key="$(openssl rand -hex 16)" kpw="$(openssl rand -hex 8)"
kadmin="$(free_port)" kbox="$(free_port)" ksend="$(free_port)" ksmsc="$(free_port)"
./scripts/kannel-config.sh "$dir/kannel" "$kadmin" "$kbox" "$ksend" "$ksmsc" \
  "http://127.0.0.1:$http_port" "$key" "$kpw"
bearerbox "$dir/kannel/kannel.conf" >/dev/null 2>&1 & PIDS+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$kbox") 2>/dev/null; do sleep 0.1; done
smsbox "$dir/kannel/kannel.conf" >/dev/null 2>&1 & PIDS+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$ksend") 2>/dev/null; do sleep 0.1; done
/usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$ksmsc" -i 0.001 -m 0 "x y text none" \
  >"$dir/phones.log" 2>&1 & PIDS+=($!)

cat > "$dir/hazegate.toml" <<TOML
[server]
listen = "127.0.0.1:$http_port"
[store]
database = "h.db"
blobs = "blobs"
[mqtt]
uri = "tcp://127.0.0.1:$mqtt_port"
username = "$BENCH_MQTT_USERNAME"
password = "$BENCH_MQTT_PASSWORD"
topic_prefix = "bench"
[sms]
sendsms_url = "http://127.0.0.1:$ksend/cgi-bin/sendsms"
username = "hazegate"
password = "$kpw"
sender = "10690000"
after_s = 0
link_base = "https://hazegate.changji.gov.cn/m/"
callback_key = "$key"
TOML
# The plan: only the generated schools without a device have contacts.
python3 scripts/bench/make_plan.py "$N" "$dir/plan.json"
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
plan = json.load(open(f"{d}/plan.json"))
live, ws, silent = [], [], []
for org in plan["orgs"]:
    org.pop("contacts", None)
    if not org["id"].startswith("bench-school-"):
        continue
    i = int(org["id"].rsplit("-", 1)[1])
    if i % 10 >= 7:
        org["contacts"] = [{"name": "值班员", "phone": "139%08d" % i}]
        silent.append(org["id"])
    else:
        (ws if i % 10 == 0 else live).append(org["id"])
json.dump(plan, open(f"{d}/plan.json", "w"), ensure_ascii=False)
for name, orgs in (("live", live), ("ws", ws), ("silent", silent)):
    open(f"{d}/{name}.txt", "w").write("\n".join(orgs) + "\n")
PY
"$BIN" plan load --config "$dir/hazegate.toml" "$dir/plan.json" 2>/dev/null
office="$("$BIN" account create --config "$dir/hazegate.toml" --username office --role office --org office)"
command="$("$BIN" account create --config "$dir/hazegate.toml" --username command --role command --org command)"
"$BIN" serve --config "$dir/hazegate.toml" >"$dir/access.log" 2>"$dir/server.err" & PIDS+=($!)
api="http://127.0.0.1:$http_port"
until curl -sf "$api/healthz" | grep -q '"connected"'; do sleep 0.1; done

id="$(curl -sf -H "Authorization: Bearer $office" -H 'Content-Type: application/json' "$api/api/v1/warnings" \
  -d '{"level":"orange","areas":["652300"],"starts_at":"2026-12-01T08:00:00+08:00","reason":"bench"}' | jq -r .id)"
n_live="$(wc -l < "$dir/live.txt")" n_ws="$(wc -l < "$dir/ws.txt")" n_silent="$(wc -l < "$dir/silent.txt")"
"$PUB" receipts "tcp://127.0.0.1:$mqtt_port" bench "$id" "$n_live" "$dir/live.txt" > "$dir/tcp.out" &
tcp=$!
"$PUB" receipts "ws://127.0.0.1:$ws_port" bench "$id" "$n_ws" "$dir/ws.txt" > "$dir/ws.out" &
ws=$!
until grep -q ready "$dir/tcp.out" 2>/dev/null && grep -q ready "$dir/ws.out" 2>/dev/null; do sleep 0.02; done
sql() { sqlite3 "$dir/h.db" "$1"; }
t0="$(now)"
curl -sf -H "Authorization: Bearer $command" -X POST "$api/api/v1/warnings/$id/approve" >/dev/null
sms_done="" reached=""
bench_orders="warning_id = '$id' AND org LIKE 'bench-school-%'"
while [ -z "$reached" ]; do
  if [ -z "$sms_done" ] && [ "$(sql "SELECT count(sent_at) FROM sms_messages")" -ge "$n_silent" ]; then
    sms_done="$(now)"
  fi
  if [ "$(sql "SELECT count(*) FROM orders WHERE $bench_orders AND (received_at IS NOT NULL OR sms_status = 'delivered')")" -ge $((n_live + n_ws + n_silent)) ]; then
    reached="$(now)"
    [ -n "$sms_done" ] || sms_done="$reached"
  fi
  sleep 0.05
done
wait "$tcp" "$ws"
live_done="$(sort -g "$dir/tcp.out" "$dir/ws.out" | grep -v ready | tail -1)"
ws_done="$(grep -v ready "$dir/ws.out")"
bytes="$(sql "SELECT length(text) FROM sms_messages LIMIT 1")"

# Baselines in the same run: the raw Paho loop (as many messages as orders,
# of an order's size) and Kannel's sendsms for as many of the same texts.
orders="$(sql "SELECT count(*) FROM orders WHERE warning_id = '$id'")"
order_bytes="$(sql "SELECT length(payload) FROM outbox LIMIT 1")"
[ -n "$order_bytes" ] || order_bytes=600
raw="$(for _ in 1 2; do "$PUB" raw "tcp://127.0.0.1:$mqtt_port" "$orders" "$order_bytes"; done | sort -g | head -1)"
# The same texts straight to Kannel's sendsms (curl: one keep-alive
# connection, one request after the other), without and then with a
# delivery report to a static URL of the gateway (/livez): the floor of
# Kannel's report round trips, without the write that records each here.
# Seconds until Kannel accepted all (without) or reported all (with).
sendsms_rate() {
  local dlr="$1" k0 accepted livez
  sql "SELECT phone || char(9) || text FROM sms_messages" | python3 -c '
import sys, urllib.parse
port, pw, dlr = sys.argv[1], sys.argv[2], sys.argv[3]
for line in sys.stdin:
    phone, text = line.rstrip("\n").split("\t", 1)
    fields = {"username": "hazegate", "password": pw, "to": phone, "text": text,
              "from": "10690000", "charset": "UTF-8", "coding": "2"}
    if dlr:
        fields.update({"dlr-mask": "19", "dlr-url": dlr})
    q = urllib.parse.urlencode(fields)
    print(f"url = \"http://127.0.0.1:{port}/cgi-bin/sendsms?{q}\"\noutput = /dev/null")
' "$ksend" "$kpw" "$dlr" > "$dir/sendsms.curl"
  livez="$(grep -c '"/livez"' "$dir/access.log" || true)"
  k0="$(now)"
  accepted="$(curl -s -K "$dir/sendsms.curl" -w '%{http_code}\n' | grep -c '^202$' || true)"
  [ "$accepted" -eq "$n_silent" ] || echo "reach: Kannel accepted only $accepted of $n_silent baseline SMS" >&2
  if [ -n "$dlr" ]; then
    until [ "$(grep -c '"/livez"' "$dir/access.log" || true)" -ge $((livez + n_silent)) ]; do sleep 0.02; done
  fi
  echo "$(now) - $k0" | bc
}
k="$(sendsms_rate "")"
kd="$(sendsms_rate "http://127.0.0.1:$http_port/livez?status=%d")"

awk -v n="$N" -v live="$n_live" -v wsn="$n_ws" -v silent="$n_silent" -v orders="$orders" \
    -v r="$(echo "$live_done - $t0" | bc)" -v w="$(echo "$ws_done - $t0" | bc)" \
    -v s="$(echo "$sms_done - $t0" | bc)" -v a="$(echo "$reached - $t0" | bc)" \
    -v raw="$raw" -v k="$k" -v kd="$kd" -v b="$bytes" 'BEGIN {
  printf "%d recipients (%d orders): %d with a device over TCP, %d over WebSocket, %d by SMS (%d B each)\n", n, orders, live, wsn, silent, b
  printf "  approve -> last live receipt %.2f s (WebSocket devices: %.2f s) | raw Paho QoS1 loop of %d: %.2f s\n", r, w, orders, raw
  printf "  approve -> last SMS accepted by Kannel %.2f s = %.0f SMS/s | Kannel sendsms alone: %d in %.2f s = %.0f SMS/s (ratio %.0f %%); with a delivery report each to a static URL: %.2f s = %.0f SMS/s (ratio %.0f %%)\n", s, silent / s, silent, k, silent / k, 100 * (silent / s) / (silent / k), kd, silent / kd, 100 * (silent / s) / (silent / kd)
  printf "  approve -> all reached (receipt, or SMS delivered at the simulated SMSC) %.2f s\n", a }'

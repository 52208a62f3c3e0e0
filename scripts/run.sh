#!/usr/bin/env bash
# Installs, builds, prepares var/ on first run, then runs a local Mosquitto
# broker and `hazegate serve` until Ctrl-C.
set -euo pipefail
umask 077  # var/ holds the broker password, tokens and the database
cd "$(dirname "$0")/.."
ROOT="$PWD"
VAR="$ROOT/var"
HTTPS_PORT="${HAZEGATE_PORT:-8443}"
HTTPS_HOST="${HAZEGATE_HOST:-0.0.0.0}"  # phones on the same network reach it
GATEWAY_PORT="${HAZEGATE_GATEWAY_PORT:-8440}"  # plain HTTP, loopback only
MQTT_PORT="${HAZEGATE_MQTT_PORT:-1883}"
MQTTS_PORT="${HAZEGATE_MQTTS_PORT:-8883}"
# The broker's WebSocket-over-TLS listener; the web app reaches it through
# the front door's /mqtt (Mosquitto binds it on every interface: it holds
# TLS and the accounts like the TLS listener, see broker-config.sh).
MQTT_WSS_PORT="${HAZEGATE_MQTT_WSS_PORT:-8884}"
# Kannel (SMS): its admin, box and sendsms ports and the simulated SMSC's
# (fakesmsc stands in for the operator's SMSC; docs/sms.md), loopback only;
# not Debian's defaults (13000, 13001, 13013), which a kannel service may hold.
KANNEL_ADMIN_PORT="${HAZEGATE_KANNEL_ADMIN_PORT:-13100}"
KANNEL_BOX_PORT="${HAZEGATE_KANNEL_BOX_PORT:-13101}"
KANNEL_SENDSMS_PORT="${HAZEGATE_KANNEL_SENDSMS_PORT:-13113}"
KANNEL_SMSC_PORT="${HAZEGATE_KANNEL_SMSC_PORT:-13110}"
# The address phones use for the broker (POST /devices tells them).
PUBLIC_HOST="${HAZEGATE_PUBLIC_HOST:-$(hostname -I 2>/dev/null | awk '{print $1}')}"
PUBLIC_HOST="${PUBLIC_HOST:-127.0.0.1}"

./scripts/setup.sh build
BIN="$ROOT/build/hazegate"

random_secret() { openssl rand -hex 16; }

first_run() {
  echo "run: first run, preparing $VAR"
  mkdir -p "$VAR/mosquitto/data" "$VAR/blobs"
  chmod 700 "$VAR"
  ./scripts/make-dev-certs.sh "$VAR/tls" "$PUBLIC_HOST"
  local mqtt_password
  mqtt_password="$(random_secret)"
  cat > "$VAR/hazegate.toml" <<TOML
# Behind the nginx front door (var/frontdoor), which terminates TLS.
[server]
listen = "127.0.0.1:$GATEWAY_PORT"
tls_cert = ""
tls_key = ""
web_root = "$ROOT/web"
[store]
database = "hazegate.db"
blobs = "blobs"
[mqtt]
uri = "tcp://127.0.0.1:$MQTT_PORT"
client_id = "hazegate"
username = "hazegate"
password = "$mqtt_password"
ca_file = ""
topic_prefix = "hazegate"
device_uri = "ssl://$PUBLIC_HOST:$MQTTS_PORT"
device_ws_uri = "wss://$PUBLIC_HOST:$HTTPS_PORT/mqtt"
accounts_dir = "mosquitto"
broker_pid_file = "mosquitto/mosquitto.pid"
[notifier]
redeliver_after_s = 60
TOML
  sms_section

  "$BIN" plan load --config "$VAR/hazegate.toml" config/plans/changji.json
  create_demo_accounts
}


create_demo_accounts() {
  local accounts="{}"
  local role org password token
  for role in admin command office unit county inspector enterprise school display; do
    case "$role" in
      admin) org="" ;;
      command) org="command" ;;
      office) org="office" ;;
      unit) org="unit-sthj" ;;
      county) org="county-652301" ;;
      inspector) org="group-inspection" ;;
      enterprise) org="ent-001" ;;
      school) org="sch-001" ;;
      display) org="command" ;;  # the command hall's wall screen
    esac
    password="$(random_secret)"
    token="$(printf '%s\n' "$password" | "$BIN" account create \
      --config "$VAR/hazegate.toml" --username "demo-$role" --role "$role" \
      ${org:+--org "$org"} --password-stdin)"
    accounts="$(jq --arg role "$role" --arg user "demo-$role" --arg pw "$password" \
      --arg token "$token" --arg org "$org" \
      '.[$role] = {username: $user, password: $pw, token: $token,
                   org: (if $org == "" then null else $org end)}' <<<"$accounts")"
  done
  umask 077
  printf '%s\n' "$accounts" > "$VAR/demo-accounts.json"
}



# A var/ from before devices: the server keeps the broker's accounts.
with_broker_accounts() {
  grep -q '^accounts_dir' "$VAR/hazegate.toml" && return
  echo "run: the server now keeps the broker's accounts (devices)"
  sed -i -e "/^topic_prefix = /a device_uri = \"ssl://$PUBLIC_HOST:$MQTTS_PORT\"\naccounts_dir = \"mosquitto\"\nbroker_pid_file = \"mosquitto/mosquitto.pid\"" \
    "$VAR/hazegate.toml"
}

# [sms]: Kannel's sendsms on loopback, its password and the key Kannel's
# calls to the gateway carry (both random, kept in var/).
sms_section() {
  cat >> "$VAR/hazegate.toml" <<TOML
[sms]
sendsms_url = "http://127.0.0.1:$KANNEL_SENDSMS_PORT/cgi-bin/sendsms"
username = "hazegate"
password = "$(random_secret)"
sender = "10690000"
after_s = 300
link_base = "https://$PUBLIC_HOST:$HTTPS_PORT/m/"
callback_key = "$(random_secret)"
TOML
}

# A var/ from before SMS.
with_sms() {
  grep -q '^\[sms\]' "$VAR/hazegate.toml" && return
  echo "run: SMS through Kannel ([sms] added to $VAR/hazegate.toml)"
  sms_section
}

# A value of the config's [sms] section.
sms_value() {
  sed -n "/^\[sms\]/,/^\[/s/^$1 = \"\(.*\)\"/\1/p" "$VAR/hazegate.toml"
}

# A var/ from before MQTT over WebSocket: tell devices the front door's /mqtt.
with_ws_uri() {
  grep -q '^device_ws_uri' "$VAR/hazegate.toml" && return
  sed -i -e "/^device_uri = /a device_ws_uri = \"wss://$PUBLIC_HOST:$HTTPS_PORT/mqtt\"" \
    "$VAR/hazegate.toml"
}

# A var/ from before the web clients: serve web/ at /console/ and /m/.
with_web_root() {
  grep -q '^web_root' "$VAR/hazegate.toml" && return
  sed -i -e "/^tls_key = /a web_root = \"$ROOT/web\"" "$VAR/hazegate.toml"
}

# A var/ from before the front door has the gateway serving TLS itself on
# the public port: move it behind the front door.
behind_front_door() {
  grep -q '^tls_cert = ""' "$VAR/hazegate.toml" && return
  echo "run: moving the gateway behind the TLS front door (127.0.0.1:$GATEWAY_PORT)"
  sed -i -e "s|^listen = .*|listen = \"127.0.0.1:$GATEWAY_PORT\"|" \
         -e 's|^tls_cert = .*|tls_cert = ""|' -e 's|^tls_key = .*|tls_key = ""|' \
         "$VAR/hazegate.toml"
}

[ -f "$VAR/hazegate.toml" ] || first_run
behind_front_door
with_broker_accounts
with_ws_uri
with_web_root
with_sms
chmod 700 "$VAR"
chmod 600 "$VAR/hazegate.toml"
./scripts/broker-config.sh "$VAR" "$MQTT_PORT" "$MQTTS_PORT" "$MQTT_WSS_PORT"
./scripts/frontdoor.sh "$VAR/frontdoor" "$HTTPS_HOST:$HTTPS_PORT" \
  "127.0.0.1:$GATEWAY_PORT" "$VAR/tls/server.crt" "$VAR/tls/server.key" \
  128 "127.0.0.1:$MQTT_WSS_PORT"

# The broker's password and ACL files, from the orgs' credentials
# (`hazegate mqtt credentials`) and the server's own [mqtt] account.
"$BIN" mqtt config --config "$VAR/hazegate.toml" --out "$VAR/mosquitto" 2>/dev/null

./scripts/kannel-config.sh "$VAR/kannel" "$KANNEL_ADMIN_PORT" "$KANNEL_BOX_PORT" \
  "$KANNEL_SENDSMS_PORT" "$KANNEL_SMSC_PORT" "http://127.0.0.1:$GATEWAY_PORT" \
  "$(sms_value callback_key)" "$(sms_value password)"

# The broker holds up to 20,000 device connections (broker-config.sh).
ulimit -n 32768 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mosquitto -c "$VAR/mosquitto/mosquitto.conf" &
BROKER_PID=$!
# The server starts once the broker listens.
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$MQTT_PORT") 2>/dev/null && break
  sleep 0.1
done
"$BIN" serve --config "$VAR/hazegate.toml" &
SERVER_PID=$!
"$(command -v nginx || echo /usr/sbin/nginx)" -p "$VAR/frontdoor" -c "$VAR/frontdoor/nginx.conf" -g 'daemon off;' &
FRONTDOOR_PID=$!
# SMS: bearerbox, then smsbox and the simulated SMSC (the demo's phones:
# what each phone got is written, readable, to var/kannel/phones.log).
bearerbox "$VAR/kannel/kannel.conf" >/dev/null 2>&1 &
BEARERBOX_PID=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$KANNEL_BOX_PORT") 2>/dev/null && break
  sleep 0.1
done
smsbox "$VAR/kannel/kannel.conf" >/dev/null 2>&1 &
SMSBOX_PID=$!
(/usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$KANNEL_SMSC_PORT" -i 0.01 -m 0 "x y text none" 2>&1 |
  ./scripts/sms-inbox.py >> "$VAR/kannel/phones.log") &
PHONES_PID=$!

stop() {
  trap - INT TERM
  echo "run: stopping"
  kill -QUIT "$FRONTDOOR_PID" 2>/dev/null || true
  wait "$FRONTDOOR_PID" 2>/dev/null || true
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  pkill -TERM -P "$PHONES_PID" 2>/dev/null || true
  kill -TERM "$PHONES_PID" "$SMSBOX_PID" "$BEARERBOX_PID" 2>/dev/null || true
  wait "$PHONES_PID" "$SMSBOX_PID" "$BEARERBOX_PID" 2>/dev/null || true
  kill -TERM "$BROKER_PID" 2>/dev/null || true
  wait "$BROKER_PID" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

cat <<INFO
hazegate is up (TLS front door: nginx on $HTTPS_HOST:$HTTPS_PORT -> gateway 127.0.0.1:$GATEWAY_PORT):
  API      https://127.0.0.1:$HTTPS_PORT/api/v1   (CA: $VAR/tls/ca.crt)
  health   https://127.0.0.1:$HTTPS_PORT/healthz
  metrics  https://127.0.0.1:$HTTPS_PORT/metrics
  MQTT     tcp://127.0.0.1:$MQTT_PORT (server), ssl://HOST:$MQTTS_PORT (apps, CA: $VAR/tls/ca.crt)
  console  https://127.0.0.1:$HTTPS_PORT/console/   (office, command, counties, units)
  phones   https://$PUBLIC_HOST:$HTTPS_PORT/m/   (same network; trust $VAR/tls/ca.crt on the phone)
  SMS      Kannel sendsms 127.0.0.1:$KANNEL_SENDSMS_PORT; what the contacts' phones got: $VAR/kannel/phones.log
  demo accounts: $VAR/demo-accounts.json
Ctrl-C stops everything it started.
INFO
wait -n "$SERVER_PID" "$BROKER_PID" "$FRONTDOOR_PID" || true
stop

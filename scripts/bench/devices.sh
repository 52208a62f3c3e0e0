#!/usr/bin/env bash
# Devices at scale, and the two ways to tell Mosquitto about accounts.
#  1. `hazegate device import` of N orgs (one account + one device each),
#     beside its floor measured in the same run: hashing N account passwords
#     (argon2id, every core), which giving each account a password requires.
#  2. What hazegate does (passwd/acl files + SIGHUP) with N devices: writing
#     the files, and the time from SIGHUP until a new device can log in.
#  3. The alternative, Mosquitto's dynamic-security plugin: creating the N
#     devices (a role per org and a client) in one control message, and one
#     more device once N exist (the plugin rewrites its whole JSON file on
#     every command).
# Usage: scripts/bench/devices.sh [N]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-2000}"
./scripts/setup.sh build >/dev/null
BIN="$PWD/build/hazegate"
HASH="$PWD/build/tests/bench_accounts"
DYNSEC=/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so
source scripts/bench/common.sh
since() { echo "$(now) - $1" | bc; }
# Polls until USER/PASSWORD can subscribe on PORT; prints nothing.
until_login() {
  until mosquitto_sub -p "$1" -u "$2" -P "$3" -i "$2" -t x -E -W 2 >/dev/null 2>&1; do :; done
}

# 1. Import N orgs.
cat > "$WORK/hazegate.toml" <<TOML
[store]
database = "h.db"
blobs = "blobs"
[mqtt]
username = "hazegate"
password = "bench-gateway-secret"
accounts_dir = "broker"
TOML
python3 scripts/bench/make_plan.py "$N" "$WORK/plan.json"
"$BIN" plan load --config "$WORK/hazegate.toml" "$WORK/plan.json" 2>/dev/null
python3 - "$N" "$WORK" <<'PY'
import json, sys
n, work = int(sys.argv[1]), sys.argv[2]
plan = json.load(open(f"{work}/plan.json"))
orgs = [o["id"] for o in plan["orgs"] if o["kind"] in
        ("unit", "group", "county", "enterprise", "school", "site")][:n]
with open(f"{work}/devices.csv", "w") as f:
    for i, org in enumerate(orgs[:-1]):
        f.write(f"{org},bench.user{i},值班手机{i}\n")
with open(f"{work}/last.csv", "w") as f:
    f.write(f"{orgs[-1]},bench.last,最后一台\n")
PY
start="$(now)"
"$BIN" device import --config "$WORK/hazegate.toml" "$WORK/devices.csv" \
  > "$WORK/credentials.jsonl" 2>/dev/null
import_s="$(since "$start")"
lines="$(wc -l < "$WORK/credentials.jsonl")"
floor_s="$("$HASH" hash "$lines")"
echo "device import: $lines orgs in $import_s s; argon2 floor for $lines passwords: $floor_s s;" \
  "ratio $(echo "scale=2; $floor_s / $import_s" | bc)"

# 2. passwd/acl + SIGHUP with N devices.
mkdir -p "$WORK/broker/data"
start="$(now)"
"$BIN" mqtt config --config "$WORK/hazegate.toml" --out "$WORK/broker" 2>/dev/null
files_s="$(since "$start")"
port="$(free_port)"
cat > "$WORK/broker/mosquitto.conf" <<CONF
user $(id -un)
listener $port 127.0.0.1
allow_anonymous false
use_username_as_clientid true
password_file $WORK/broker/passwd
acl_file $WORK/broker/acl
pid_file $WORK/broker/mosquitto.pid
log_dest none
CONF
mosquitto -c "$WORK/broker/mosquitto.conf" & PIDS+=($!)
until [ -s "$WORK/broker/mosquitto.pid" ]; do :; done
first="$(head -1 "$WORK/credentials.jsonl")"
until_login "$port" "$(jq -r .mqtt.username <<<"$first")" "$(jq -r .mqtt.password <<<"$first")"
"$BIN" device import --config "$WORK/hazegate.toml" "$WORK/last.csv" \
  > "$WORK/last.jsonl" 2>/dev/null
"$BIN" mqtt config --config "$WORK/hazegate.toml" --out "$WORK/broker" 2>/dev/null
start="$(now)"
kill -HUP "$(cat "$WORK/broker/mosquitto.pid")"
until_login "$port" "$(jq -r .mqtt.username "$WORK/last.jsonl")" "$(jq -r .mqtt.password "$WORK/last.jsonl")"
reload_s="$(since "$start")"
echo "passwd/acl + SIGHUP: files for $((lines + 1)) devices written in $files_s s (the CLI, start-up included);" \
  "a new device logs in $reload_s s after SIGHUP (polling with mosquitto_sub)"

# 3. The dynamic-security plugin.
mkdir -p "$WORK/dynsec"
mosquitto_ctrl dynsec init "$WORK/dynsec/dynsec.json" admin bench-admin-secret >/dev/null
dport="$(free_port)"
cat > "$WORK/dynsec/mosquitto.conf" <<CONF
user $(id -un)
listener $dport 127.0.0.1
allow_anonymous false
plugin $DYNSEC
plugin_opt_config_file $WORK/dynsec/dynsec.json
log_dest none
CONF
mosquitto -c "$WORK/dynsec/mosquitto.conf" & PIDS+=($!)
until_login "$dport" admin bench-admin-secret
python3 - "$N" "$WORK/dynsec" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
def device(i):
    role = f"org-{i}"
    return [{"command": "createRole", "rolename": role, "acls": [
                {"acltype": "subscribePattern", "topic": f"hazegate/orgs/{role}/orders", "allow": True},
                {"acltype": "publishClientReceive", "topic": f"hazegate/orgs/{role}/orders", "allow": True},
                {"acltype": "publishClientSend", "topic": f"hazegate/orgs/{role}/acks", "allow": True},
                {"acltype": "publishClientSend", "topic": f"hazegate/orgs/{role}/receipts", "allow": True}]},
            {"command": "createClient", "username": f"dev-{i}", "password": "pw-of-device",
             "clientid": f"dev-{i}", "roles": [{"rolename": role}]}]
json.dump({"commands": [c for i in range(n - 1) for c in device(i)]}, open(f"{out}/bulk.json", "w"))
json.dump({"commands": device(n - 1)}, open(f"{out}/one.json", "w"))
PY
dynsec_send() {  # FILE -> seconds until the plugin's answer
  local answer="$WORK/dynsec/answer" start
  rm -f "$answer"
  mosquitto_sub -p "$dport" -u admin -P bench-admin-secret -t '$CONTROL/dynamic-security/v1/response' \
    -C 1 -W 600 > "$answer" & local sub=$!
  sleep 0.2  # let the subscription settle before the command goes out
  start="$(now)"
  mosquitto_pub -p "$dport" -u admin -P bench-admin-secret -t '$CONTROL/dynamic-security/v1' -q 1 -f "$1"
  wait "$sub"
  since "$start"
}
bulk_s="$(dynsec_send "$WORK/dynsec/bulk.json")"
one_s="$(dynsec_send "$WORK/dynsec/one.json")"
echo "dynamic-security plugin: $((N - 1)) devices in one control message: $bulk_s s;" \
  "one more device with $((N - 1)) present: $one_s s (file $(stat -c %s "$WORK/dynsec/dynsec.json") bytes)"

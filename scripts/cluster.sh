#!/usr/bin/env bash
# A RabbitMQ cluster on this machine for hazegate (contract v3 §6): three
# nodes of Debian's rabbitmq-server 3.10 on loopback, each with its own node
# name, ports and data folder under DIR, joined into one cluster, with
# rabbitmq_mqtt (QoS 1 sessions as quorum queues), rabbitmq_web_mqtt,
# rabbitmq_management (through which hazegate closes deleted accounts'
# sessions) and
# rabbitmq_auth_backend_http (through rabbitmq_auth_backend_cache, answers
# kept 1 s) asking the hazegate gateway at AUTH_BASE about every account.
#
# Usage: scripts/cluster.sh start DIR AUTH_BASE [QUEUES]
#                                      AUTH_BASE e.g. http://127.0.0.1:8080;
#                                      QUEUES quorum (default) or mirrored:
#                                      sessions as classic queues mirrored
#                                      to every node, which 3.10's web_mqtt
#                                      can serve (docs/operations.md)
#        scripts/cluster.sh stop DIR
#        scripts/cluster.sh kill DIR N      (SIGKILL node N: a lost node)
#        scripts/cluster.sh ctl DIR N ARGS…  (rabbitmqctl on node N)
# With HG_SERVER_ACCOUNTS="NAME:PASSWORD:PREFIX,…" the servers' own accounts
# are the nodes' internal users (administrators, topics under their PREFIX
# only), asked before hazegate: a server's publishes need no HTTP question
# (docs/operations.md, "A region"); the default user guest is deleted.
# `start` also runs the front door (scripts/frontdoor.sh, nginx, a dev
# certificate in DIR/tls) with /mqtt over the three nodes' WebSocket
# listeners and the rest to AUTH_BASE's host:port.
# `start` writes DIR/cluster.env: MQTT_URIS (tcp://…, comma-separated, for
# [mqtt] uri), MGMT_URLS (for [mqtt] management_urls), NODE1_MQTT…
# NODE3_MQTT, NODE1_WS…, NODE1_PID…, DOOR_WSS (wss://…/mqtt, for [mqtt]
# device_ws_uri) and DOOR_CA, and prints it.
set -euo pipefail
RABBIT_BIN=/usr/lib/rabbitmq/bin  # not /usr/sbin's wrappers: they su to rabbitmq

free_port() {
  python3 - <<'PY'
import random, socket
low, high = 10000, int(open('/proc/sys/net/ipv4/ip_local_port_range').read().split()[0]) - 1
for _ in range(200):
    port = random.randint(low, high)
    s = socket.socket()
    try:
        s.bind(('127.0.0.1', port)); s.close(); print(port); break
    except OSError:
        s.close()
PY
}

node_env() {  # node_env DIR N: the environment of node N
  local dir="$1" n="$2"
  # shellcheck disable=SC1090
  source "$dir/ports.env"
  local amqp="AMQP$n" dist="DIST$n"
  echo HOME="$dir" \
    RABBITMQ_NODENAME="hg$n@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="${!amqp}" \
    RABBITMQ_DIST_PORT="${!dist}" \
    ERL_EPMD_PORT="$EPMD" \
    RABBITMQ_CONFIG_FILE="$dir/node$n/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/node$n/mnesia" \
    RABBITMQ_LOG_BASE="$dir/node$n/log" \
    RABBITMQ_PID_FILE="$dir/node$n/pid" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/node$n/advanced.config"
}

ctl() {  # ctl DIR N args…
  local dir="$1" n="$2"
  shift 2
  env $(node_env "$dir" "$n") "$RABBIT_BIN/rabbitmqctl" -n "hg$n@localhost" "$@"
}

start() {
  local dir="$1" auth="$2" queues="${3:-quorum}"
  case "$queues" in
    quorum) local queue_type=quorum ;;
    mirrored) local queue_type=classic ;;
    *) echo "cluster.sh: QUEUES must be quorum or mirrored, not $queues" >&2; exit 2 ;;
  esac
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  {
    echo "EPMD=$(free_port)"
    echo "DOOR=$(free_port)"
    for n in 1 2 3; do
      echo "AMQP$n=$(free_port)"
      echo "DIST$n=$(free_port)"
      echo "MQTT$n=$(free_port)"
      echo "WS$n=$(free_port)"
      echo "MGMT$n=$(free_port)"
    done
  } >"$dir/ports.env"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9 >"$dir/.erlang.cookie"
  chmod 400 "$dir/.erlang.cookie"
  echo '[rabbitmq_management,rabbitmq_mqtt,rabbitmq_web_mqtt,rabbitmq_auth_backend_http,rabbitmq_auth_backend_cache].' \
    >"$dir/enabled_plugins"
  for n in 1 2 3; do
    local mqtt="MQTT$n" ws="WS$n" mgmt="MGMT$n"
    mkdir -p "$dir/node$n/mnesia" "$dir/node$n/log"
    echo '[].' >"$dir/node$n/advanced.config"
    cat >"$dir/node$n/rabbitmq.conf" <<CONF
loopback_users = none
mqtt.listeners.tcp.default = 127.0.0.1:${!mqtt}
mqtt.allow_anonymous = false
mqtt.vhost = /
mqtt.exchange = amq.topic
mqtt.durable_queue_type = $queue_type
web_mqtt.tcp.ip = 127.0.0.1
web_mqtt.tcp.port = ${!ws}
management.tcp.ip = 127.0.0.1
management.tcp.port = ${!mgmt}
$(if [ -n "${HG_SERVER_ACCOUNTS:-}" ]; then
    echo "auth_backends.1 = internal"
    echo "auth_backends.2 = cache"
  else
    echo "auth_backends.1 = cache"
  fi)
auth_cache.cached_backend = http
auth_cache.cache_ttl = 1000
auth_http.http_method = get
auth_http.user_path = $auth/internal/mqtt/user
auth_http.vhost_path = $auth/internal/mqtt/vhost
auth_http.resource_path = $auth/internal/mqtt/resource
auth_http.topic_path = $auth/internal/mqtt/topic
log.file.level = warning
CONF
    env $(node_env "$dir" "$n") "$RABBIT_BIN/rabbitmq-server" >"$dir/node$n/stdout.log" 2>&1 &
    echo "NODE${n}_PID=$!" >>"$dir/ports.env"
  done
  for n in 1 2 3; do
    ctl "$dir" "$n" wait "$dir/node$n/pid" --timeout 120 >/dev/null
  done
  for n in 2 3; do
    ctl "$dir" "$n" stop_app >/dev/null
    ctl "$dir" "$n" join_cluster hg1@localhost >/dev/null
    ctl "$dir" "$n" start_app >/dev/null
  done
  ctl "$dir" 1 await_online_nodes 3 --timeout 60 >/dev/null 2>&1 || true
  local account name password prefix accounts
  IFS=, read -r -a accounts <<<"${HG_SERVER_ACCOUNTS:-}"
  for account in "${accounts[@]}"; do
    IFS=: read -r name password prefix <<<"$account"
    ctl "$dir" 1 add_user "$name" "$password" >/dev/null
    ctl "$dir" 1 set_user_tags "$name" administrator >/dev/null
    ctl "$dir" 1 set_permissions -p / "$name" '.*' '.*' '.*' >/dev/null
    ctl "$dir" 1 set_topic_permissions -p / "$name" amq.topic "^$prefix\\." "^$prefix\\." >/dev/null
  done
  [ -z "${HG_SERVER_ACCOUNTS:-}" ] || ctl "$dir" 1 delete_user guest >/dev/null 2>&1 || true
  if [ "$queues" = mirrored ]; then
    ctl "$dir" 1 set_policy mqtt-sessions '^mqtt-subscription-' \
      '{"ha-mode":"all","ha-sync-mode":"automatic"}' --apply-to queues >/dev/null
  fi
  start_door "$dir" "$auth"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  {
    echo "DOOR_WSS=wss://127.0.0.1:$DOOR/mqtt"
    echo "DOOR_CA=$dir/tls/ca.crt"
    echo "MQTT_URIS=tcp://127.0.0.1:$MQTT1,tcp://127.0.0.1:$MQTT2,tcp://127.0.0.1:$MQTT3"
    echo "MGMT_URLS=http://127.0.0.1:$MGMT1,http://127.0.0.1:$MGMT2,http://127.0.0.1:$MGMT3"
    for n in 1 2 3; do
      local mqtt="MQTT$n" ws="WS$n" pid="NODE${n}_PID"
      echo "NODE${n}_MQTT=tcp://127.0.0.1:${!mqtt}"
      echo "NODE${n}_WS=ws://127.0.0.1:${!ws}/ws"
      echo "NODE${n}_PID=${!pid}"
    done
  } >"$dir/cluster.env"
  cat "$dir/cluster.env"
}

start_door() {  # start_door DIR AUTH_BASE
  local dir="$1" auth="$2" root
  root="$(cd "$(dirname "$0")/.." && pwd)"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  "$root/scripts/make-dev-certs.sh" "$dir/tls" >/dev/null 2>&1
  "$root/scripts/frontdoor.sh" "$dir/frontdoor" "127.0.0.1:$DOOR" "${auth#http://}" \
    "$dir/tls/server.crt" "$dir/tls/server.key" 128 \
    "ws://127.0.0.1:$WS1,127.0.0.1:$WS2,127.0.0.1:$WS3/ws"
  nginx -p "$dir/frontdoor" -c "$dir/frontdoor/nginx.conf" -g 'daemon off;' \
    >"$dir/frontdoor.log" 2>&1 &
  echo "DOOR_PID=$!" >>"$dir/ports.env"
}

stop() {
  local dir="$1"
  [ -f "$dir/ports.env" ] || return 0
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  [ -z "${DOOR_PID:-}" ] || kill "$DOOR_PID" 2>/dev/null || true
  for n in 3 2 1; do ctl "$dir" "$n" stop >/dev/null 2>&1 || true; done
  # The nodes' own epmd (on its own port): the one listening there.
  local epmd
  epmd="$(ss -ltnpH "sport = :$EPMD" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
  [ -n "$epmd" ] && kill "$epmd" 2>/dev/null || true
}

kill_node() {
  local dir="$1" n="$2"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  local beam
  beam="$(cat "$dir/node$n/pid" 2>/dev/null || true)"
  [ -n "$beam" ] && kill -9 "$beam"
}

case "${1:-}" in
  start) start "$2" "$3" "${4:-quorum}" ;;
  stop) stop "$2" ;;
  kill) kill_node "$2" "$3" ;;
  ctl) shift; ctl "$@" ;;
  *) echo "usage: $0 start DIR AUTH_BASE [quorum|mirrored] | stop DIR | kill DIR N | ctl DIR N ARGS…" >&2; exit 2 ;;
esac

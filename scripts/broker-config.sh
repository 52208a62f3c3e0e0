#!/usr/bin/env bash
# Writes VAR/mosquitto/mosquitto.conf: the broker as run.sh runs it (and as
# tests/broker_tls_test.cpp checks it). The server keeps VAR/mosquitto/passwd
# and acl, and signals the broker through its pid file.
# Usage: scripts/broker-config.sh VAR MQTT_PORT MQTTS_PORT [WSS_PORT]
#   WSS_PORT: MQTT over WebSocket for the web app, behind the front door's
#   /mqtt (contract v3 §4); none without it.
set -euo pipefail
VAR="$1"
MQTT_PORT="$2"
MQTTS_PORT="$3"
WSS_PORT="${4:-}"
mkdir -p "$VAR/mosquitto/data"
cat > "$VAR/mosquitto/mosquitto.conf" <<CONF
# Written by scripts/broker-config.sh. Persistence keeps queued QoS 1 orders across a
# broker restart. Limits (docs/deployment.md says why each number):
# - a device's message is at most 64 KiB (contract v3): a bigger payload is
#   not forwarded; a packet past 65 KiB (room for the topic and header)
#   disconnects its sender before it is read whole;
# - an offline client's queue holds the largest burst one org gets (a
#   county's escalations when all its recipients are silent: 1,000 in the
#   10,000-recipient benchmark plan) ten times over, and at most 16 MiB;
#   past that Mosquitto drops, and the server publishes again what no
#   device received;
# - the server's own session queues acks and receipts while it is away:
#   past the limit those are dropped, and apps re-send an unconfirmed ack.
persistence true
persistence_location $VAR/mosquitto/data/
autosave_interval 10
message_size_limit 65536
max_packet_size 66560
max_queued_messages 10000
max_queued_bytes 16777216
max_inflight_messages 1000
per_listener_settings false
# Run as the invoking user so it can read var/ (mosquitto would drop to
# "mosquitto" when started as root).
user $(id -un)
allow_anonymous false
# Written by hazegate (org credentials, devices); it sends SIGHUP to
# reload them when they change.
password_file $VAR/mosquitto/passwd
acl_file $VAR/mosquitto/acl
pid_file $VAR/mosquitto/mosquitto.pid
# Plain MQTT on loopback only, for the server itself.
listener $MQTT_PORT 127.0.0.1
max_connections 64
# On each listener (a listener option: written before the first listener it
# would open a default one on 1883): a client's id is its username, so no
# account can take over another's persistent session by naming its id.
use_username_as_clientid true
# MQTT over TLS for the apps, with the dev CA's server certificate. At
# most 20,000 devices at once (run.sh raises the open-file limit to fit).
listener $MQTTS_PORT
max_connections 20000
use_username_as_clientid true
certfile $VAR/tls/server.crt
keyfile $VAR/tls/server.key
CONF
[ -n "$WSS_PORT" ] || exit 0
cat >> "$VAR/mosquitto/mosquitto.conf" <<CONF
# MQTT over WebSocket (over TLS), which the front door passes /mqtt to.
# Mosquitto 2.0 binds a WebSocket listener on every interface whatever
# address it is given (its maintainer: won't fix in 2.0.x), so this one
# holds exactly what the TLS listener holds: TLS with the same certificate,
# the same accounts and ACL (per_listener_settings false), the client id
# taken from the username, the same connection limit. A firewall rule may
# keep it from the network besides (docs/deployment.md).
listener $WSS_PORT
protocol websockets
max_connections 20000
use_username_as_clientid true
certfile $VAR/tls/server.crt
keyfile $VAR/tls/server.key
CONF

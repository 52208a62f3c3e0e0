#!/usr/bin/env bash
# Writes VAR/mosquitto/mosquitto.conf: the broker as run.sh runs it (and as
# tests/broker_tls_test.cpp checks it). The server keeps VAR/mosquitto/passwd
# and acl, and signals the broker through its pid file.
# Usage: scripts/broker-config.sh VAR MQTT_PORT MQTTS_PORT
set -euo pipefail
VAR="$1"
MQTT_PORT="$2"
MQTTS_PORT="$3"
mkdir -p "$VAR/mosquitto/data"
cat > "$VAR/mosquitto/mosquitto.conf" <<CONF
# Written by scripts/broker-config.sh. Persistence keeps queued QoS 1 orders across a
# broker restart; the queue limits hold the largest fan-out.
persistence true
persistence_location $VAR/mosquitto/data/
autosave_interval 10
max_queued_messages 200000
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
# On each listener (a listener option: written before the first listener it
# would open a default one on 1883): a client's id is its username, so no
# account can take over another's persistent session by naming its id.
use_username_as_clientid true
# MQTT over TLS for the apps, with the dev CA's server certificate.
listener $MQTTS_PORT
use_username_as_clientid true
certfile $VAR/tls/server.crt
keyfile $VAR/tls/server.key
CONF

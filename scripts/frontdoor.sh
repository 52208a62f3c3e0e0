#!/usr/bin/env bash
# Renders the TLS front door's nginx configuration (gateway/frontdoor/) into
# DIR/nginx.conf and creates its folders (owner-only).
# Usage: scripts/frontdoor.sh DIR LISTEN UPSTREAM CERT KEY [CONNECTIONS_PER_ADDRESS] [MQTT_WSS]
#   LISTEN, UPSTREAM: host:port (the gateway's plain-HTTP loopback listener)
#   MQTT_WSS: host:port of the broker's WebSocket-over-TLS listener that
#   /mqtt goes to, verified against the ca.crt beside CERT (none: /mqtt 404);
#   or ws://host:port,host:port…/path: a cluster's nodes' plain WebSocket
#   listeners on loopback, taken in turn, a node that refuses skipped
# Start it with: nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 5 ] || { echo "usage: $0 DIR LISTEN UPSTREAM CERT KEY [CONNECTIONS_PER_ADDRESS] [MQTT_WSS]" >&2; exit 2; }
DIR="$1" LISTEN="$2" UPSTREAM="$3" CERT="$4" KEY="$5" PER_ADDRESS="${6:-128}"
MQTT_WSS="${7:-}"
CA="$(dirname "$CERT")/ca.crt"
# Without a broker listener /mqtt answers 404 (a location that returns).
MQTT_LOCATION="return 404;"
MQTT_UPSTREAM=""
case "$MQTT_WSS" in
  "") ;;
  ws://*)
    nodes="${MQTT_WSS#ws://}"
    path="/${nodes#*/}"
    nodes="${nodes%%/*}"
    MQTT_UPSTREAM="upstream mqtt_nodes { server ${nodes//,/; server }; }"
    MQTT_LOCATION="proxy_pass http://mqtt_nodes$path;"
    ;;
  *) MQTT_LOCATION="proxy_pass https://$MQTT_WSS;" ;;
esac
(umask 077 && mkdir -p "$DIR/tmp")
# As root, nginx would hand its workers to "nobody", who cannot read an
# owner-only var/: keep them as the invoking user.
USER_LINE=""
[ "$(id -u)" -ne 0 ] || USER_LINE="user $(id -un);"
sed -e "s|@PREFIX@|$DIR|g" -e "s|@LISTEN@|$LISTEN|g" -e "s|@UPSTREAM@|$UPSTREAM|g" \
    -e "s|@CERT@|$CERT|g" -e "s|@KEY@|$KEY|g" -e "s|@USER_LINE@|$USER_LINE|g" \
    -e "s|@CONNECTIONS_PER_ADDRESS@|$PER_ADDRESS|g" \
    -e "s|@MQTT_LOCATION@|$MQTT_LOCATION|g" -e "s|@CA@|$CA|g" \
    -e "s|@MQTT_UPSTREAM@|$MQTT_UPSTREAM|g" \
    "$ROOT/gateway/frontdoor/nginx.conf.in" > "$DIR/nginx.conf"

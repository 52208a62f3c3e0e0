#!/usr/bin/env bash
# Writes DIR/kannel.conf: Kannel (bearerbox + smsbox) as hazegate uses it
# (docs/sms.md): one SMSC, the sendsms interface on loopback for the
# server, delivery reports and replies sent to the gateway's loopback
# listener. Queued messages are kept in DIR/store across a restart.
# Usage: scripts/kannel-config.sh DIR ADMIN_PORT SMSBOX_PORT SENDSMS_PORT \
#          SMSC_PORT GATEWAY_URL KEY SENDSMS_PASSWORD [SMSC_GROUP_FILE]
#   SMSC_PORT: the simulated SMSC's port (smsc = fake; /usr/lib/kannel/test/
#     fakesmsc connects to it); SMSC_GROUP_FILE instead holds the smsc group
#     of a real one (SMPP or HTTP to an aggregator, docs/sms.md).
#   GATEWAY_URL: the gateway's plain-HTTP loopback listener (http://H:P);
#   KEY: [sms] callback_key, which the gateway asks of Kannel's calls.
# Start it with: bearerbox DIR/kannel.conf; smsbox DIR/kannel.conf
set -euo pipefail
[ $# -ge 8 ] || { echo "usage: $0 DIR ADMIN_PORT SMSBOX_PORT SENDSMS_PORT SMSC_PORT GATEWAY_URL KEY SENDSMS_PASSWORD [SMSC_GROUP_FILE]" >&2; exit 2; }
DIR="$1" ADMIN_PORT="$2" SMSBOX_PORT="$3" SENDSMS_PORT="$4" SMSC_PORT="$5"
GATEWAY_URL="$6" KEY="$7" PASSWORD="$8" SMSC_FILE="${9:-}"
(umask 077 && mkdir -p "$DIR")
if [ -n "$SMSC_FILE" ]; then
  SMSC_GROUP="$(cat "$SMSC_FILE")"
else
  SMSC_GROUP="group = smsc
smsc = fake
smsc-id = sim
host = 127.0.0.1
port = $SMSC_PORT
connect-allow-ip = 127.0.0.1"
fi
(umask 077 && cat > "$DIR/kannel.conf" <<CONF
# Written by scripts/kannel-config.sh.
group = core
admin-port = $ADMIN_PORT
admin-interface = 127.0.0.1
admin-password = $PASSWORD
smsbox-port = $SMSBOX_PORT
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
box-deny-ip = "*.*.*.*"
admin-allow-ip = 127.0.0.1
admin-deny-ip = "*.*.*.*"
log-file = "$DIR/bearerbox.log"
log-level = 1
access-log = "$DIR/access.log"
store-type = file
store-location = "$DIR/store"
store-dump-freq = 1
dlr-storage = internal
sms-resend-freq = 10
sms-resend-retry = -1

$SMSC_GROUP

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $SMSBOX_PORT
sendsms-port = $SENDSMS_PORT
sendsms-interface = 127.0.0.1
sendsms-chars = "0123456789+"
log-file = "$DIR/smsbox.log"
log-level = 1
access-log = "$DIR/smsbox-access.log"
mo-recode = true

group = sendsms-user
username = hazegate
password = $PASSWORD
user-allow-ip = 127.0.0.1
user-deny-ip = "*.*.*.*"
max-messages = 3
concatenation = true

# A reply from a phone: the gateway answers with the confirmation to send.
group = sms-service
keyword = default
get-url = "$GATEWAY_URL/internal/sms/reply?key=$KEY&from=%p&text=%a"
catch-all = true
max-messages = 1
concatenation = true
accept-x-kannel-headers = true
omit-empty = true
CONF
)

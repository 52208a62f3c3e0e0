#!/usr/bin/env bash
# Makes a development CA and a server certificate for localhost/127.0.0.1/::1
# and, if given, one more address (the machine's, for phones on its network).
# Usage: scripts/make-dev-certs.sh DIR [IP]   (writes ca.crt server.crt server.key)
#
# Phone users are told to trust ca.crt, so it must be worth no more than
# this server's own certificate:
# - name constraints: it can vouch only for the names it signs here
#   (localhost, 127.0.0.0/8, ::1 and IP), never for another site;
# - pathlen 0 and 180 days, like the server certificate;
# - its key signs the one server certificate and is then deleted: nothing
#   on this machine can sign another. A new certificate is a new CA (run
#   again after deleting DIR, or when it is within 14 days of expiry).
# For a real deployment use a certificate from a real CA (docs/deployment.md).
set -euo pipefail
dir="$1"
extra_ip="${2:-}"
days=180
mkdir -p "$dir"
cd "$dir"
# Kept while valid for 14 more days, unless an older version of this
# script left its unconstrained CA and the CA's key (ca.key): then remade.
if [ -f server.crt ] && [ -f ca.crt ] && [ ! -f ca.key ] &&
   openssl x509 -in server.crt -noout -checkend $((14 * 86400)) >/dev/null; then
  exit 0
fi
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
permitted="permitted;DNS:localhost,permitted;IP:127.0.0.0/255.0.0.0"
permitted+=",permitted;IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF"
[ -z "$extra_ip" ] || permitted+=",permitted;IP:$extra_ip/255.255.255.255"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$work/ca.key" -out "$work/ca.crt" -days "$days" \
  -subj "/CN=hazegate dev CA $(hostname -s 2>/dev/null || echo local) $(date +%Y%m%d%H%M%S)" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "nameConstraints=critical,$permitted" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=localhost" 2>/dev/null
cat > "$work/server.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1${extra_ip:+,IP:$extra_ip}
EXT
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -CAcreateserial -CAserial "$work/ca.srl" -out "$work/server.crt" \
  -days "$days" -extfile "$work/server.ext" 2>/dev/null
mv "$work/server.key" server.key
mv "$work/server.crt" server.crt
mv "$work/ca.crt" ca.crt
rm -f ca.key
chmod 644 ca.crt server.crt

#!/usr/bin/env bash
# Makes a development CA and a server certificate for localhost/127.0.0.1/::1
# and, if given, one more address (the machine's, for phones on its network).
# Usage: scripts/make-dev-certs.sh DIR [IP]   (writes ca.crt ca.key server.crt server.key)
set -euo pipefail
dir="$1"
extra_ip="${2:-}"
mkdir -p "$dir"
cd "$dir"
[ -f server.crt ] && [ -f ca.crt ] && exit 0
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout ca.key -out ca.crt -days 3650 -subj "/CN=hazegate dev CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
cat > server.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1${extra_ip:+,IP:$extra_ip}
EXT
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out server.crt -days 825 -extfile server.ext 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 644 ca.crt server.crt

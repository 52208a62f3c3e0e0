#!/usr/bin/env bash
# Installs the Debian packages hazegate needs (only those missing) and builds.
# Usage: [HG_TARGETS="target…"] scripts/setup.sh [BUILD_DIR] [extra cmake args...]
# HG_TARGETS builds only those targets (and what they need); default: all.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates openssl
  libcpp-httplib-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libspdlog-dev libsqlite3-dev libsqlitecpp-dev libargon2-dev libssl-dev
  libgtest-dev libgmock-dev
  libpaho-mqtt-dev libpaho-mqttpp-dev mosquitto mosquitto-clients
  libturbojpeg0-dev libjpeg62-turbo-dev libexiv2-dev
  jq curl sqlite3 libxml2-utils wrk python3 nginx iproute2 bc
  chromium fonts-noto-cjk poppler-utils nodejs kannel kannel-extras zbar-tools
  rabbitmq-server
  clang-14 libclang-rt-14-dev
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser tests' driver: npm (Debian's nodejs leaves it out; a
# NodeSource nodejs brings its own), then puppeteer-core as package-lock.json
# pins it (it drives Debian's chromium; no browser download).
if ! command -v npm >/dev/null; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
fi
if [ ! -f tests/browser/node_modules/.package-lock.json ] ||
   [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  echo "setup: installing the browser tests' npm packages"
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

# The web clients' libraries, as package-lock.json pins them: MQTT.js's
# browser build, which the gateway serves at /vendor/mqtt.esm.js.
if [ ! -f web/vendor/node_modules/.package-lock.json ] ||
   [ web/vendor/package-lock.json -nt web/vendor/node_modules/.package-lock.json ]; then
  echo "setup: installing the web clients' npm packages"
  npm ci --prefix web/vendor --no-audit --no-fund --loglevel=error
fi

BUILD_DIR="${1:-build}"
shift || true
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
# shellcheck disable=SC2086 # HG_TARGETS is a list of target names
cmake --build "$BUILD_DIR" -j 2 ${HG_TARGETS:+--target $HG_TARGETS}

#!/usr/bin/env bash
# Inspection reports with three ~1 MiB JPEGs each, POSTed over HTTPS by 8
# keep-alive clients to POST /api/v1/inspections, beside a raw baseline in the
# same run: the same bodies POSTed to POST /bench/discard on the same server
# (reads every byte of the multipart body, keeps nothing). Reports the
# server's peak RSS (VmHWM) over both runs, and the JPEG check's own ceiling:
# the same photo decoded on one thread, without server or TLS.
# Usage: scripts/bench/ingest.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-10}"
CLIENTS=8
PHOTOS=3
./scripts/setup.sh build >/dev/null
TOOL="$PWD/build/tests/bench_ingest"
source scripts/bench/server.sh
start_bench_server inspector group-inspection HAZEGATE_BENCH_DISCARD=1

# Prints "reports bytes seconds".
run() {
  "$TOOL" "$PORT" "$WORK/tls/ca.crt" "$TOKEN" "$1" "$CLIENTS" "$SECONDS_PER_RUN" "$PHOTOS"
}
read -r base_n base_bytes base_s < <(run /bench/discard)
read -r n bytes s < <(run /api/v1/inspections)
read -r dn dbytes ds < <("$TOOL" decode "$SECONDS_PER_RUN")
stored="$(sqlite3 "$WORK/bench.db" 'SELECT count(*) FROM inspections')"
[ "$stored" = "$n" ] || { echo "bench: $n reports answered, $stored stored" >&2; exit 1; }
peak_kib="$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")"
awk -v bn="$base_n" -v bb="$base_bytes" -v bs="$base_s" \
    -v n="$n" -v b="$bytes" -v s="$s" -v peak="$peak_kib" \
    -v c="$CLIENTS" -v p="$PHOTOS" -v dn="$dn" -v db="$dbytes" -v ds="$ds" 'BEGIN {
  base_mbs = bb / bs / 1048576; mbs = b / s / 1048576
  printf "baseline POST /bench/discard:     %7.1f reports/s  %7.1f MB/s\n", bn / bs, base_mbs
  printf "POST /api/v1/inspections (stored): %7.1f reports/s  %7.1f MB/s\n", n / s, mbs
  printf "ratio to baseline: %.0f %%  (%d clients, %d photos of ~1 MiB per report, TLS keep-alive)\n", 100 * mbs / base_mbs, c, p
  printf "server peak RSS (VmHWM): %.1f MiB\n", peak / 1024
  printf "the JPEG check alone (InspectJpeg, one thread, no server): %.1f photos/s  %.1f MB/s\n", dn / ds, db / ds / 1048576
}'

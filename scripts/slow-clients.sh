#!/usr/bin/env bash
# The slow-client figure of issue 12: `tandem serve` on the demo home (600 books, trained by
# `./tandem demo --no-serve`), then dev.tandem.bench.SlowClients measures GET /health and
# GET /recommend/{user} idle and while SLOW connections (default 1,000; half trickling a body that
# declares 1,000 bytes and sends 10, half sending half a header) hold the server.
#
# Usage: scripts/slow-clients.sh [WORKDIR]      (default /tmp/tandem-slow-clients)
# Environment: SLOW (default 1000), KIND (body|headers|both, default both), REQUESTS (default 200),
#              PORT (default 18090), SERVER_LAUNCHER (the `tandem` launcher that serves; default
#              ./tandem; e.g. an older checkout's, to compare in the same run)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/tandem-slow-clients}"
port="${PORT:-18090}"
rm -rf "$work"; mkdir -p "$work"

./tandem --help >/dev/null   # build the CLI once, outside the timings
if [ ! -f tandem-bench/target/benchmarks.jar ] || [ -n "$(find tandem-bench/src -newer tandem-bench/target/benchmarks.jar -type f -print -quit)" ]; then
  ./mvnw -q -B -pl tandem-bench -am package -DskipTests
fi

echo "== demo home in $work/home"
./tandem --home "$work/home" demo --no-serve > "$work/demo.log" 2>&1
user="$(grep -oE 'recommend --user [^ ]+' "$work/demo.log" | head -1 | awk '{print $3}' || true)"
[ -n "$user" ] || { echo "no demo reader found in $work/demo.log" >&2; exit 1; }
key="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export TANDEM_API_KEYS="slow:$key:write"
ulimit -n 20000 2>/dev/null || true

echo "== tandem serve on port $port (log: $work/server.log)"
"${SERVER_LAUNCHER:-./tandem}" --home "$work/home" serve --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  if curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; echo "server exited" >&2; exit 1; fi
  sleep 0.5
done

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); user $user"
java -Xmx256m -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.SlowClients --url "http://127.0.0.1:$port" \
  --key "$key" --user "$user" --slow "${SLOW:-1000}" --kind "${KIND:-both}" --requests "${REQUESTS:-200}" \
  | tee "$work/slow-clients.txt"

#!/usr/bin/env bash
# Reproduces the server figures of issue 5: a closed-loop load run (80% GET /recommend, 20% POST
# /feedback) against `tandem serve` on the goodbooks ratings-v1 model (pop + ease, the configured
# recommend model), feedback sent vs stored, and the time from a feedback POST to a changed
# recommendation. Server and load generator are separate JVMs on this machine (loopback).
#
# Usage: scripts/figures-server.sh [WORKDIR]     (default /tmp/tandem-figures-server)
# Environment:
#   GB_HOME      prepared goodbooks home to copy (default /work/homes/gb; never written)
#   TRAINED_HOME a home already trained with pop,ease to copy instead of training (saves ~1 min)
#   DURATION     seconds per level (default 10); WARMUP seconds (default 10); LEVELS (default 1,2,4,8,16,32)
#   CHANGED      trials of feedback -> changed recommendation (default 50)
#   PORT         server port (default 18080); SERVER_JAVA_OPTS extra JVM options for the server (e.g. JFR)
#   SERVER_LAUNCHER the `tandem` launcher that serves (default ./tandem; e.g. an older checkout's, to compare)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="${1:-/tmp/tandem-figures-server}"
gb="${GB_HOME:-/work/homes/gb}"
port="${PORT:-18080}"
rm -rf "$work"; mkdir -p "$work"

./tandem --help >/dev/null   # build the CLI once, outside the timings
if [ ! -f tandem-bench/target/benchmarks.jar ] || [ -n "$(find tandem-bench/src -newer tandem-bench/target/benchmarks.jar -type f -print -quit)" ]; then
  ./mvnw -q -B -pl tandem-bench -am package -DskipTests
fi

home="$work/gb"
if [ -n "${TRAINED_HOME:-}" ]; then
  echo "== copying trained home $TRAINED_HOME"
  cp -r "$TRAINED_HOME" "$home"
else
  echo "== copying $gb and training pop,ease (goodbooks ratings-v1)"
  cp -r "$gb" "$home"
  ./tandem --home "$home" train --models pop,ease
fi

# The generator sends an admin key. The per-key rate limit (default 5,000 requests/s, a guard for
# production) is turned off in this home so that the run measures the server, not the limiter.
key="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export TANDEM_API_KEYS="load:$key:admin"
if grep -q '^rate_limit = ' "$home/tandem.toml"; then
  sed -i 's/^rate_limit = .*/rate_limit = 0/' "$home/tandem.toml"
elif grep -q '^\[server\]' "$home/tandem.toml"; then
  sed -i 's/^\[server\]$/[server]\nrate_limit = 0/' "$home/tandem.toml"
else
  printf '\n[server]\nrate_limit = 0\n' >> "$home/tandem.toml"
fi
grep -q '^rate_limit = 0' "$home/tandem.toml" || { echo "cannot turn off the rate limit in $home/tandem.toml"; exit 1; }

sqlite3 "$home/tandem.db" "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM feedback f WHERE f.user_seq = u.seq)" > "$work/users.txt"
sqlite3 "$home/tandem.db" "SELECT id FROM items" > "$work/items.txt"
echo "== $(wc -l < "$work/users.txt") users with feedback, $(wc -l < "$work/items.txt") items"

echo "== starting tandem serve on port $port (log: $work/server.log)"
TANDEM_JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "${SERVER_LAUNCHER:-./tandem}" --home "$home" serve --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
# wait up to 5 minutes for /health (a loaded 2-core machine took 67 s to start the server)
for _ in $(seq 1 600); do
  if curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/server.log" >&2; echo "server exited" >&2; exit 1
  fi
  sleep 0.5
done
curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/health" > "$work/health-before.json"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); fsync of 4 KiB in $work: $(python3 -c "
import os, time
fd = os.open('$work/fsync.probe', os.O_WRONLY | os.O_CREAT); t = []
for _ in range(50):
    os.write(fd, b'x' * 4096); s = time.perf_counter(); os.fsync(fd); t.append((time.perf_counter() - s) * 1000)
t.sort(); print('p50 %.2f ms, p90 %.2f ms' % (t[25], t[45]))" 2>/dev/null || echo n/a)"
echo "== load test (server and generator share the machine's cores)"
java -Xmx512m -XX:+UseSerialGC -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.LoadTest \
  --url "http://127.0.0.1:$port" --key "$key" --users "$work/users.txt" --items "$work/items.txt" \
  --duration "${DURATION:-10}" --warmup "${WARMUP:-10}" --levels "${LEVELS:-1,2,4,8,16,32}" --seed 42 \
  --changed "${CHANGED:-50}" --json "$work/load.json" | tee "$work/load.txt"
echo "== results in $work (load.txt, load.json, server.log)"

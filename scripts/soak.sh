#!/usr/bin/env bash
# Soak test of `tandem serve` (issue 12, requirement 7): a mixed load (GET /recommend/{user}, POST
# /feedback, POST /ask, POST /items upserts, and a retrain through POST /admin/train every few
# minutes) at about 70% of the server's measured maximum throughput, for 30 minutes by default.
#
# It prepares a home from the bundled demo sample (`tandem demo --no-serve`: 600 books, 1,744
# readers, 56,293 ratings; pop, itemknn, ease, semantic, rrf trained), starts `tandem serve` on it in
# its own JVM (-Xmx1g) with an admin key and a read key and the per-key rate limit off (the run
# measures the server, not the limiter), measures the maximum with a short closed-loop ramp, then
# holds the open-loop load (dev.tandem.bench.Soak). Every interval it prints throughput, p50/p99
# latency, errors and the server's RSS (/proc/PID/status VmRSS); at the end a summary.
#
# It FAILS (exit status 1) on any error response (5xx, or any 4xx: every request it sends is valid),
# a rejected feedback event, a failed training run, acknowledged feedback missing from the store
# (/health's count during the run, and after the server stopped a count of the run's events in the
# SQLite file), a server that died or did not stop cleanly, or memory that keeps growing (rule in
# dev.tandem.bench.Soak: after the warm-up, the last third's mean RSS more than 15% and more than 64
# MiB above the first third's).
#
# Usage: scripts/soak.sh [--minutes N] [--interval SECONDS] [--retrain-every SECONDS] [--fraction F]
#                        [--work DIR] [--port PORT] [--seed N] [--data bounded|growing]
# Defaults: 30 minutes, 30 s, 300 s, 0.7, /tmp/tandem-soak, a free port, 42, bounded.
# --data bounded (default): the server's data stays the same size (a fixed set of feedback events
# re-sent, two texts per soak item, each user's /ask continues a conversation), so growing memory is
# a leak; --data growing: every event, item text and conversation is new (see dev.tandem.bench.Soak).
# Environment: SERVER_JAVA_OPTS (default -Xmx1g) for the server JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=30
interval=30
retrain=300
fraction=0.7
work=/tmp/tandem-soak
port=0
seed=42
data=bounded
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --retrain-every) retrain="$2"; shift 2 ;;
    --fraction) fraction="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
models="pop,itemknn,ease,semantic,rrf"   # what the demo trains; retrained as they are

echo "== building (tandem-cli, tandem-bench) if sources changed"
./tandem --help >/dev/null
if [ ! -f tandem-bench/target/benchmarks.jar ] || [ -n "$(find tandem-bench/src -newer tandem-bench/target/benchmarks.jar -type f -print -quit)" ]; then
  ./mvnw -q -B -pl tandem-bench -am package -DskipTests
fi
rm -rf "$work"
mkdir -p "$work/app"
# the run uses copies, so that rebuilding this checkout meanwhile cannot change jars under a running JVM
cp tandem-cli/target/tandem-cli.jar tandem-bench/target/benchmarks.jar "$work/app/"
cp -r tandem-cli/target/lib "$work/app/lib"
cli=("$java" -Dai.djl.offline=true -cp "$work/app/tandem-cli.jar:$work/app/lib/*" dev.tandem.cli.TandemCli)
export OPT_OUT_TRACKING=true

home="$work/home"
echo "== preparing $home from the bundled demo sample (import, embed, train $models)"
"${cli[@]}" --home "$home" demo --no-serve > "$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
grep -E '^ +(pop|itemknn|ease|semantic|rrf) ' "$work/demo.log" | sed 's/^/   fit /'

admin="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
reader="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export TANDEM_API_KEYS="soak:$admin:admin,soakread:$reader:read"
if grep -q '^rate_limit = ' "$home/tandem.toml"; then
  sed -i 's/^rate_limit = .*/rate_limit = 0/' "$home/tandem.toml"
elif grep -q '^\[server\]' "$home/tandem.toml"; then
  sed -i 's/^\[server\]$/[server]\nrate_limit = 0/' "$home/tandem.toml"
else
  printf '\n[server]\nrate_limit = 0\n' >> "$home/tandem.toml"
fi
grep -q '^rate_limit = 0' "$home/tandem.toml" || { echo "cannot turn off the rate limit in $home/tandem.toml" >&2; exit 1; }
sqlite3 "$home/tandem.db" "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM feedback f WHERE f.user_seq = u.seq)" > "$work/users.txt"
sqlite3 "$home/tandem.db" "SELECT id FROM items" > "$work/items.txt"
echo "== $(wc -l < "$work/users.txt") users with feedback, $(wc -l < "$work/items.txt") items"

echo "== starting tandem serve (log: $work/server.log)"
# shellcheck disable=SC2086
"$java" ${SERVER_JAVA_OPTS:--Xmx1g} -Dai.djl.offline=true -cp "$work/app/tandem-cli.jar:$work/app/lib/*" \
  dev.tandem.cli.TandemCli --home "$home" serve --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
# the URL from the server's own startup line (so that nothing else listening on a port is mistaken for it),
# then a keyed request: the keys must be ours
url=""
for _ in $(seq 1 600); do
  url="$(sed -n 's|^tandem: serving .* on \(http://[^/ ]*\)/ .*|\1|p' "$work/server.log" | head -n 1)"
  [ -n "$url" ] && break
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; echo "server exited" >&2; exit 1; fi
  sleep 0.5
done
[ -n "$url" ] || { echo "server did not start listening within 300 s (log: $work/server.log)" >&2; exit 1; }
code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $admin" "$url/admin/snapshots")"
[ "$code" = 200 ] || { echo "GET $url/admin/snapshots with the run's admin key gave $code, not 200" >&2; exit 1; }
echo "== serving on $url; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); server pid $server"

cmd=("$java" -Xmx512m -XX:+UseSerialGC -cp "$work/app/benchmarks.jar" dev.tandem.bench.Soak
  --url "$url" --key "$admin" --read-key "$reader" --pid "$server"
  --users "$work/users.txt" --items "$work/items.txt" --minutes "$minutes" --interval "$interval"
  --retrain-every "$retrain" --train-models "$models" --fraction "$fraction" --seed "$seed" --data "$data" --json "$work/soak.json")
set +e
"${cmd[@]}" 2>&1 | tee "$work/soak.txt"
status=${PIPESTATUS[0]}
set -e

if ! kill -0 "$server" 2>/dev/null; then
  echo "FAILED: the server died during the run (log: $work/server.log)"; exit 1
fi
kill -TERM "$server"
stopped=0
for _ in $(seq 1 120); do
  if ! kill -0 "$server" 2>/dev/null; then stopped=1; break; fi
  sleep 0.5
done
trap - EXIT
if [ "$stopped" != 1 ]; then
  kill -9 "$server" 2>/dev/null || true
  echo "FAILED: the server did not stop within 60 s of SIGTERM"; exit 1
fi
wait "$server" 2>/dev/null || true

# the store itself, after the server closed it: every acknowledged event of the run is in the file
acked="$(grep -o '"keysAcknowledged": [0-9]*' "$work/soak.json" | grep -o '[0-9]*$' || echo -1)"
stored="$(sqlite3 "$home/tandem.db" 'SELECT COUNT(*) FROM feedback WHERE ts >= 50000000000')"
echo "== store after shutdown: $stored of the run's feedback events in $home/tandem.db (distinct acknowledged: $acked)"
echo "== server log: $(grep -c ' WARN ' "$work/server.log" || true) WARN, $(grep -c ' ERROR ' "$work/server.log" || true) ERROR lines"
if [ "$acked" -lt 0 ] || [ "$stored" -lt "$acked" ]; then
  echo "FAILED: acknowledged feedback missing from the store"; exit 1
fi
exit "$status"

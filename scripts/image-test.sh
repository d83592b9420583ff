#!/usr/bin/env bash
# Runs the OCI image tarball that Jib wrote (tandem-cli/target/jib-image.tar, docker save format) where
# no container runtime exists: unpacks its layers in order into a root filesystem and runs the image's
# own entrypoint, environment and working directory in it with chroot, in new mount and PID namespaces
# (/proc mounted, /dev bound), the volume /home/tandem an empty folder. This is not a container runtime
# (no network namespace, cgroups or user mapping) but it runs exactly the files and command the image
# holds. Needs root, unshare, python3 and curl. Checks `--version`, `demo --no-serve`, then
# `serve --host 0.0.0.0` (with TANDEM_API_KEYS, as docker run -e) on the home the demo left in the
# volume: GET /health (on the host's network).
#   scripts/image-test.sh [tandem-cli/target/jib-image.tar]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
image="$(readlink -f "${1:-$repo/tandem-cli/target/jib-image.tar}")"
[ -f "$image" ] || { echo "image-test: no $image; build it with ./mvnw -B -DskipTests -Pimage -pl tandem-cli -am package" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "image-test: needs root (chroot, mount)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/image" "$work/rootfs"
tar -xf "$image" -C "$work/image"
# layers in manifest order; the image's Env, WorkingDir and Entrypoint as shell-quoted words
python3 - "$work/image" >"$work/plan" <<'PY'
import json, shlex, sys, os
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))[0]
c = json.load(open(os.path.join(d, m["Config"])))["config"]
print("layers=(" + " ".join(shlex.quote(os.path.join(d, l)) for l in m["Layers"]) + ")")
print("envs=(" + " ".join(shlex.quote(e) for e in c.get("Env", [])) + ")")
print("workdir=" + shlex.quote(c.get("WorkingDir") or "/"))
print("entrypoint=(" + " ".join(shlex.quote(a) for a in c.get("Entrypoint", [])) + ")")
print("volumes=(" + " ".join(shlex.quote(v) for v in (c.get("Volumes") or {})) + ")")
PY
# shellcheck disable=SC1091
. "$work/plan"
echo "== image-test: $image ($(du -h "$image" | cut -f1)), ${#layers[@]} layers; entrypoint: ${entrypoint[*]}"
for l in "${layers[@]}"; do tar -xzf "$l" -C "$work/rootfs" 2>/dev/null || tar -xf "$l" -C "$work/rootfs"; done
for v in "${volumes[@]}"; do rm -rf "$work/rootfs$v"; mkdir -p "$work/rootfs$v"; done
mkdir -p "$work/rootfs/proc" "$work/rootfs/dev" "$work/rootfs/tmp"
chmod 1777 "$work/rootfs/tmp"
extra_env=()  # docker run -e NAME=VALUE
container() {  # sets cmd: the image's entrypoint with the arguments given, as a container would run it
  cmd=(unshare --mount --pid --fork --kill-child /bin/sh -c '
    root="$1"; shift
    mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" && exec chroot "$root" "$@"' \
    sh "$work/rootfs" /usr/bin/env -i "${envs[@]}" ${extra_env[@]+"${extra_env[@]}"} /bin/sh -c 'cd "$0" && exec "$@"' \
    "$workdir" "${entrypoint[@]}" "$@")
}
run() { container "$@"; "${cmd[@]}"; }
echo "== tandem --version"
out="$(run --version)"
echo "$out"
case "$out" in "tandem "*) ;; *) echo "image-test: --version printed '$out'" >&2; exit 1 ;; esac
echo "== tandem demo --no-serve (home: the volume ${volumes[*]})"
run demo --no-serve >"$work/demo.out" 2>"$work/demo.err" || { cat "$work/demo.out" "$work/demo.err"; echo "image-test: demo failed" >&2; exit 1; }
cat "$work/demo.out"
for want in "1. Imported" "Tandem recommends:" "5. Books similar to" "Try next:"; do
  grep -qF "$want" "$work/demo.out" || { cat "$work/demo.err"; echo "image-test: demo output lacks '$want'" >&2; exit 1; }
done
if [ -s "$work/demo.err" ]; then echo "-- standard error:"; cat "$work/demo.err"; fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "== tandem serve --host 0.0.0.0 --port $port, then GET /health"
extra_env=("TANDEM_API_KEYS=test:$(python3 -c 'import secrets; print(secrets.token_hex(24))'):read")
container serve --host 0.0.0.0 --port "$port"
"${cmd[@]}" >"$work/serve.log" 2>&1 &
serve_pid=$!
# unshare ignores SIGTERM while it waits; SIGKILL ends it, and --kill-child then ends the server
trap 'kill -KILL "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
health=""
for _ in $(seq 1 120); do
  if health="$(curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null)"; then break; fi
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; echo "image-test: serve exited" >&2; exit 1; }
  sleep 1
done
[ -n "$health" ] || { cat "$work/serve.log"; echo "image-test: no answer on /health within 2 minutes" >&2; exit 1; }
echo "$health"
kill -KILL "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
echo "== image-test: OK"

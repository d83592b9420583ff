#!/usr/bin/env bash
# Builds a base image for the Jib build where no container registry can be reached: Debian bookworm
# (minbase) with openjdk-17-jre-headless, from Debian's package mirror, written as a `docker save`
# archive that Jib reads with -Djib.from.image=tar://PATH. Needs root and mmdebstrap
# (apt-get install mmdebstrap); takes a few minutes and ~400 MB.
#   scripts/debian-jre-base.sh /tmp/debian-jre17.tar
#   ./mvnw -B -DskipTests -Pimage -Djib.from.image=tar:///tmp/debian-jre17.tar -pl tandem-cli -am package
set -euo pipefail
out="${1:?usage: $0 OUT.tar}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mmdebstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  --customize-hook='rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  bookworm "$work/layer.tar" "$mirror"
python3 - "$work" <<'PY'
import hashlib, json, sys, os
work = sys.argv[1]
h = hashlib.sha256()
with open(os.path.join(work, "layer.tar"), "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
config = {
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                       "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"]},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + h.hexdigest()]},
}
with open(os.path.join(work, "config.json"), "w") as f:
    json.dump(config, f)
with open(os.path.join(work, "manifest.json"), "w") as f:
    json.dump([{"Config": "config.json", "RepoTags": ["tandem-base/debian-jre17:bookworm"], "Layers": ["layer.tar"]}], f)
PY
tar -cf "$out" -C "$work" manifest.json config.json layer.tar
echo "$out: $(du -h "$out" | cut -f1)"

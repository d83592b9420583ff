#!/usr/bin/env bash
# Tests the distribution as a user gets it: unpacks tandem-dist/target/tandem-VERSION.tar.gz into an
# empty temporary folder and runs its bin/tandem from outside the repository, with only a JRE:
# JAVA_HOME is a Java 17 runtime made with jlink from the build's JDK without the development modules
# (no javac, jar, jlink, ...; cached in tandem-dist/target/test-jre), and PATH holds only the few
# POSIX tools the launcher calls (no java, no Maven). Checks `tandem --version` (through a symbolic
# link, with TANDEM_JAVA_OPTS) and `tandem --home HOME demo --no-serve`.
# Build the tarball first: ./mvnw -B -DskipTests -pl tandem-dist -am package
# Environment: TANDEM_DIST_KEEP=1 keeps the temporary folder; TANDEM_DIST_JRE=DIR runs with that Java
# runtime instead (e.g. an unpacked Temurin 17 JRE) and skips jlink.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

shopt -s nullglob
tarballs=("$repo"/tandem-dist/target/tandem-*.tar.gz)
if [ "${#tarballs[@]}" -ne 1 ]; then
  echo "dist-test: expected one tandem-dist/target/tandem-*.tar.gz, found ${#tarballs[@]};" \
    "build it with ./mvnw -B -DskipTests -pl tandem-dist -am package" >&2
  exit 1
fi
tarball="${tarballs[0]}"
name="$(basename "$tarball" .tar.gz)"   # tandem-VERSION
version="${name#tandem-}"
echo "== dist-test: $tarball ($(du -h "$tarball" | cut -f1))"

# a JRE: jlink the build JDK's modules minus the development tools
jdk="${JAVA_HOME:-}"
if [ -z "$jdk" ]; then jdk="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; fi
jre="${TANDEM_DIST_JRE:-$repo/tandem-dist/target/test-jre}"
if [ ! -x "$jre/bin/java" ] && [ -z "${TANDEM_DIST_JRE:-}" ]; then
  if [ ! -x "$jdk/bin/jlink" ] || [ ! -d "$jdk/jmods" ]; then
    echo "dist-test: $jdk has no jlink or no jmods/ (Debian: apt-get install openjdk-17-jmods); set JAVA_HOME to a JDK 17 with them" >&2
    exit 1
  fi
  modules="$("$jdk/bin/java" --list-modules | sed 's/@.*//' | grep -vxE \
    'jdk\.(compiler|javadoc|jshell|jdeps|jlink|jpackage|jartool|jconsole|jdi|jdwp\.agent|hotspot\.agent|jstatd|jcmd|editpad|internal\.ed|internal\.le|internal\.opt|internal\.jvmstat|attach|random)' \
    | paste -sd, -)"
  echo "== jlink a JRE (no development modules) into $jre"
  rm -rf "$jre"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$jre"
fi
[ -x "$jre/bin/java" ] || { echo "dist-test: $jre/bin/java is missing" >&2; exit 1; }
[ ! -e "$jre/bin/javac" ] || { echo "dist-test: $jre has javac: not a JRE" >&2; exit 1; }

work="$(mktemp -d)"
if [ "${TANDEM_DIST_KEEP:-}" = 1 ]; then echo "== keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
tar -xzf "$tarball" -C "$work"
app="$work/$name"
[ -x "$app/bin/tandem" ] || { echo "dist-test: $name/bin/tandem is missing or not executable" >&2; exit 1; }
for f in licenses/THIRD-PARTY.txt licenses/demo-sample-ATTRIBUTION.md README.md "lib/tandem-cli-$version.jar"; do
  [ -f "$app/$f" ] || { echo "dist-test: $name/$f is missing" >&2; exit 1; }
done
# only the tools the launcher calls: no java, no mvn on the PATH
mkdir "$work/tools"
for t in sh dirname readlink sed head; do ln -s "$(command -v "$t")" "$work/tools/$t"; done
ln -s "$app/bin/tandem" "$work/tools/tandem"
run() {  # runs bin/tandem through the link on PATH, from the temporary folder, in a clean environment
  (cd "$work" && env -i HOME="$work" PATH="$work/tools" JAVA_HOME="$jre" "$@")
}

echo "== tandem --version (with TANDEM_JAVA_OPTS=-XshowSettings:properties)"
out="$(run TANDEM_JAVA_OPTS=-XshowSettings:properties tandem --version 2>"$work/version.err")"
echo "$out"
[ "$out" = "tandem $version" ] || { echo "dist-test: --version printed '$out', expected 'tandem $version'" >&2; exit 1; }
grep -q "java.home = $jre\$" "$work/version.err" \
  || { cat "$work/version.err" >&2; echo "dist-test: not run by the JRE $jre" >&2; exit 1; }

echo "== tandem --home HOME demo --no-serve (in $work, outside the repository)"
if ! run tandem --home "$work/home" demo --no-serve >"$work/demo.out" 2>"$work/demo.err"; then
  cat "$work/demo.out" "$work/demo.err"; echo "dist-test: demo failed" >&2; exit 1
fi
cat "$work/demo.out"
for want in "1. Imported" "   snapshot " "Tandem recommends:" "4. A new reader with no history" "5. Books similar to" "Try next:"; do
  grep -qF "$want" "$work/demo.out" || { cat "$work/demo.err"; echo "dist-test: demo output lacks '$want'" >&2; exit 1; }
done
[ -f "$work/home/tandem.toml" ] && [ -f "$work/home/tandem.db" ] \
  || { echo "dist-test: the demo made no home in $work/home" >&2; exit 1; }
if [ -s "$work/demo.err" ]; then echo "-- standard error:"; cat "$work/demo.err"; fi
echo "== dist-test: OK"

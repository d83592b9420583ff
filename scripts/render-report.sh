#!/usr/bin/env bash
# Renders an evaluation JSON to a self-contained HTML page with dev.tandem.engine.report.HtmlReport,
# then screenshots the page with headless Chromium, to look at what a person sees.
# Usage: scripts/render-report.sh JSON PNG [WIDTHxHEIGHT]   (default 1280x2400; the HTML goes beside the PNG)
# Needs a JDK >= 17 and Debian's chromium (apt-get install -y chromium); builds tandem-engine if needed.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 JSON PNG [WIDTHxHEIGHT]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
json="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
png_dir="$(mkdir -p "$(dirname "$2")" && cd "$(dirname "$2")" && pwd)"
png="$png_dir/$(basename "$2")"
html="${png%.png}.html"
size="${3:-1280x2400}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "chromium not found: apt-get install -y chromium" >&2
  exit 1
fi

cd "$root"
mvn_args=(-q -B)
[ -n "${TANDEM_MAVEN_OFFLINE:-}" ] && mvn_args+=(-o)
./mvnw "${mvn_args[@]}" -pl tandem-engine -am install -DskipTests
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./mvnw "${mvn_args[@]}" -pl tandem-engine dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cat > "$work/Render.java" <<'JAVA'
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.report.HtmlReport;
import java.nio.file.Path;

public class Render {
  public static void main(String[] args) throws Exception {
    HtmlReport.write(new ObjectMapper().readTree(Path.of(args[0]).toFile()), Path.of(args[1]));
  }
}
JAVA
java -cp "tandem-engine/target/classes:$(cat "$work/cp.txt")" "$work/Render.java" "$json" "$html"
echo "html: $html"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size="${size/x/,}" --screenshot="$png" "file://$html" 2>"$work/chromium.log" \
  || { cat "$work/chromium.log" >&2; exit 1; }
echo "png: $png"

#!/usr/bin/env bash
# Coverage-guided fuzzing of every @FuzzTest in the project (Jazzer, JUnit integration).
#
#   scripts/fuzz.sh                    # each target for 20 s (CI runs only the committed inputs)
#   scripts/fuzz.sh --seconds 600      # longer: 10 minutes per target
#   scripts/fuzz.sh --only Csv         # targets whose Class#method contains "Csv"
#
# `./mvnw verify` already runs every fuzz test in regression mode: the committed inputs under
# src/test/resources/<package>/<Class>Inputs/<method>/ and nothing else. This script fuzzes: Jazzer
# fuzzes one @FuzzTest per JVM, so each target gets its own Maven run with JAZZER_FUZZ=1. A
# finding fails the run; Jazzer writes its input (crash-<sha1>) into that Inputs folder, so that
# committing the fix and the file keeps it fixed. New corpus entries go to .cifuzz-corpus/
# (ignored by git). Prints, per target, the executions, their rate and the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument '$1'; expected --seconds N or --only TEXT" >&2; exit 2 ;;
  esac
done
case "$seconds" in
  ''|*[!0-9]*) echo "fuzz.sh: --seconds ($seconds) must be a whole number of seconds" >&2; exit 2 ;;
esac

# module<TAB>Class#method for every @FuzzTest, sorted for a stable order
targets=$(grep -rl --include='*.java' '@FuzzTest' tandem-*/src/test/java 2>/dev/null | sort | while read -r f; do
  module="${f%%/*}"
  cls=$(echo "$f" | sed -e 's#^[^/]*/src/test/java/##' -e 's#\.java$##' -e 's#/#.#g')
  awk '/@FuzzTest/ {want=1; next} want && /void [A-Za-z0-9_]+\(/ {match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART+5, RLENGTH-6); want=0}' "$f" |
    while read -r m; do printf '%s\t%s#%s\n' "$module" "$cls" "$m"; done
done)
if [ -n "$only" ]; then
  targets=$(printf '%s\n' "$targets" | grep -F -- "$only" || true)
fi
if [ -z "$targets" ]; then
  echo "fuzz.sh: no @FuzzTest matches '${only}'" >&2
  exit 2
fi

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
printf '%-72s %12s %10s  %s\n' "target" "executions" "exec/s" "outcome"
failed=0
while IFS=$'\t' read -r module target; do
  log="$log_dir/$(echo "$target" | tr '#/' '__').log"
  status=ok
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" ./mvnw -B -pl "$module" -am test -Dtest="$target" \
    -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true >"$log" 2>&1 || status=FAILED
  # libFuzzer's last status line: "#<runs> DONE ... exec/s: <rate> ..."
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  runs=$(echo "$done_line" | sed -nE 's/^#([0-9]+).*/\1/p')
  rate=$(echo "$done_line" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
  if [ "$status" = ok ] && [ -z "$runs" ]; then
    status="FAILED (no fuzzing run reported)"
  fi
  printf '%-72s %12s %10s  %s\n' "$target" "${runs:--}" "${rate:--}" "$status"
  if [ "$status" != ok ]; then
    failed=$((failed + 1))
    grep -E 'FuzzTestFinding|Exception|Error:|== Java Exception' "$log" | head -20 || true
    echo "  full log: kept as fuzz-failure-$(basename "$log")"
    cp "$log" "fuzz-failure-$(basename "$log")"
  fi
done <<<"$targets"

if [ "$failed" -gt 0 ]; then
  echo "fuzz.sh: $failed target(s) failed" >&2
  exit 1
fi

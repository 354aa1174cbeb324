#!/usr/bin/env bash
# Idle cost of a standalone node: starts `airwave serve` on the shipped defaults (the demo channel looping, no listener)
# in a fresh directory, waits --warmup seconds, then prints the CPU the process used over --duration seconds (from
# /proc/<pid>/stat, as % of one core) and its RSS. The warm-up is long because the runtime recompiles at tier 1 what has
# run 30 times: work done every 5 s gets there 150 s after start, and until then the idle figure includes it.
#
#   bench/idle/run.sh [--warmup 300] [--duration 60] [--runs 1]
#
# AIRWAVE_CMD overrides how the node is started (then no build is done), e.g.
#   AIRWAVE_CMD="./bin/airwave serve --config with-akka-settings.conf" bench/idle/run.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
warmup=300
duration=60
runs=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "bench/idle/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z ${AIRWAVE_CMD:-} ]]; then
  out=$(mktemp -d /tmp/airwave-idle-bin.XXXX)
  "$repo/scripts/build.sh" "$out" >/dev/null
  AIRWAVE_CMD="$out/airwave serve"
fi
hz=$(getconf CLK_TCK)
for ((run = 1; run <= runs; run++)); do
  work=$(mktemp -d /tmp/airwave-idle.XXXX)
  (cd "$work" && exec $AIRWAVE_CMD >node.log 2>&1) &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  sleep "$warmup"
  # The node runs under the subshell's pid after exec; fields 14 and 15 are user and system time in clock ticks.
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$duration"
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  awk -v t=$((after - before)) -v hz="$hz" -v d="$duration" -v rss="$rss" -v run="$run" \
    'BEGIN { printf "run %d: %.2f %% of one core over %d s, RSS %d MB\n", run, 100 * t / hz / d, d, rss }'
  rm -rf "$work"
done

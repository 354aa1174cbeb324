#!/usr/bin/env bash
# Cold-node listener cost: for each count, starts a fresh release node (standalone defaults, the /demo channel),
# connects N listeners with bench/listener-probe and prints what they cost: peak RSS minus RSS before, per listener,
# the node's CPU, the probe's TTFB and each listener's rate once all are connected (median and minimum; 16,000 B/s is
# the demo's 128 kbps). One fresh node per count, so no run inherits another's heap. A second table says where the
# marginal bytes went, from the node's /proc/PID/smaps just before the listeners and near the end of the hold: the GC's
# regions (garbage included: no collection is forced), the C heap (where the JIT and the runtime keep their data), code
# the JIT wrote, pages of the mapped assemblies and libraries, and the rest (thread stacks). See breakdown.py.
# Its first row is an idle node: a fresh node with no listener copied over the same window, for what a node grows by on
# its own in its first minute (rewind buffers filling, its own code compiled at tier 1); every count's row also gives
# its cost per listener net of that.
# With --compiles, a third table says what the runtime compiled over the same window, from the perf map the node then
# writes (DOTNET_PerfMapEnabled=3): methods compiled again at tier 1 or first at tier 0, and their code's bytes, by
# assembly. See compiles.py.
# With --threads, a fourth table says which of the node's threads took its CPU while the listeners connected, while all
# were connected and in the 2 s after they left, sampled once a second from /proc/PID/task, and a line per count gives
# the tiered-compilation thread's CPU second by second over the ramp. See threads.py.
#
#   bench/listener-memory/run.sh [--listeners "1000 3000 10000"] [--ramp 30] [--duration 20] [--env "VAR=value ..."]
#                                [--compiles] [--threads]
#
# The node runs with the image's runtime settings (bench/image-runtime-env.sh: MALLOC_ARENA_MAX,
# DOTNET_JitHostMaxSlabCache). --env adds or overrides runtime settings for the node only (e.g. DOTNET_TieredPGO=1 to
# compare with the runtime's default, MALLOC_ARENA_MAX=0 for glibc's default, DOTNET_JitHostMaxSlabCache=1000000 for
# the runtime's 16 MB slab cache).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
http_port=18201
admin_port=19201
counts="1000 3000 10000"
ramp=30
duration=20
extra_env=""
compiles=""
threads=""
work=$(mktemp -d /tmp/airwave-listener-memory.XXXXXX)
node_pid=""

die() { echo "run.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --listeners) counts=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --env) extra_env=$2; shift 2 ;;
    --compiles) compiles=DOTNET_PerfMapEnabled=3; shift ;;
    --threads) threads=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; # the header comment, however long
    *) die "unknown argument $1" ;;
  esac
done

cleanup() {
  if [[ -n $node_pid ]]; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
    rm -f "/tmp/perf-$node_pid.map"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

max=0
for n in $counts; do ((n > max)) && max=$n; done
ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) > max + 1024)) || die "open-files limit $(ulimit -n) is too low for $max listeners"
echo "building the probe and publishing Airwave (Release)"
dotnet build "$repo/bench/listener-probe/probe.cs" -c Release -o "$work/probe" -nologo -v quiet >"$work/probe-build.log" 2>&1 ||
  die "building the probe failed: $(tail -20 "$work/probe-build.log")"
# The node as shipped: published by scripts/build.sh (Release, ReadyToRun).
MSBUILDDISABLENODEREUSE=1 "$repo/scripts/build.sh" "$work/airwave-bin" -p:UseSharedCompilation=false >"$work/build.log" 2>&1 ||
  die "scripts/build.sh failed: $(tail -20 "$work/build.log")"

image_env=$("$repo/bench/image-runtime-env.sh")
# shellcheck disable=SC2086 # both are lists of VAR=value words
region=$(python3 "$here/breakdown.py" --region-of "$work/airwave-bin/airwave.runtimeconfig.json" $image_env $extra_env)

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# Starts a fresh node on its own data and waits until it plays /demo and is past startup's own allocations.
start_node() {
  rm -rf "$work/data"
  # shellcheck disable=SC2086 # both are lists of VAR=value words
  env $image_env $extra_env $compiles AIRWAVE__HTTP__PORT=$http_port AIRWAVE__ADMIN__PORT=$admin_port AIRWAVE__DATA_DIR="$work/data" \
    "$work/airwave-bin/airwave" serve >"$work/node-$1.log" 2>&1 &
  node_pid=$!
  local deadline=$((SECONDS + 90))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$http_port/demo" || true) == 200 ]]; do
    kill -0 "$node_pid" 2>/dev/null || die "the node exited: $(tail -20 "$work/node-$1.log")"
    ((SECONDS < deadline)) || die "the node did not play /demo within 90 s"
    sleep 0.5
  done
  sleep 8 # past startup's own allocations
}

stop_node() {
  kill "$node_pid"
  wait "$node_pid" 2>/dev/null || true
  rm -f "/tmp/perf-$node_pid.map"
  node_pid=""
}

# Copies the node's /proc/PID/smaps, and its perf map with --compiles, as $work/$1.smaps and $work/$1.map.
copy_maps() {
  cp "/proc/$node_pid/smaps" "$work/$1.smaps"
  if [[ -n $compiles ]]; then cp "/tmp/perf-$node_pid.map" "$work/$1.map"; fi
}

# Near the end of the hold: every listener connected, none gone yet.
hold_copy_delay=$((ramp + duration > 2 ? ramp + duration - 2 : 0))

# The idle node: a fresh node with no listener over the same window. It grows on its own (the rewind buffers fill, its
# own code is compiled at tier 1, timers run); each count's row also gives its cost net of that.
start_node idle
copy_maps before-idle
sleep "$hold_copy_delay"
copy_maps hold-idle
stop_node
rows=("$(python3 "$here/breakdown.py" --region "$region" "$work/before-idle.smaps" "$work/hold-idle.smaps" 0)")
compile_rows=()
thread_rows=()
compiling_lines=()
if [[ -n $compiles ]]; then compile_rows+=("$(python3 "$here/compiles.py" "$work/before-idle.map" "$work/hold-idle.map" 0)"); fi

echo "| listeners | RSS before MB | peak RSS MB | marginal KB/listener | node CPU % of one core | TTFB p50 ms | TTFB p99 ms | B/s per listener, median / min | served |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $counts; do
  start_node "$n"
  before=$(rss_kb "$node_pid")
  copy_maps "before-$n"
  if [[ -n $threads ]]; then
    python3 "$here/threads.py" sample "$node_pid" "$work/threads-$n.jsonl" &
    sampler_pid=$!
    probe_start=$(date +%s.%N)
  fi
  "$work/probe/probe" --url "http://127.0.0.1:$http_port/demo" -n "$n" --duration "$duration" --ramp "$ramp" --pid "$node_pid" >"$work/probe-$n.json" &
  probe_pid=$!
  sleep "$hold_copy_delay"
  copy_maps "hold-$n"
  wait "$probe_pid" || die "the probe failed for $n listeners"
  if [[ -n $threads ]]; then
    sleep 3 # the 2 s after the listeners left, and the sample that closes them
    kill "$sampler_pid"
    wait "$sampler_pid" 2>/dev/null || true
    thread_rows+=("$(python3 "$here/threads.py" report "$work/threads-$n.jsonl" "$probe_start" "$ramp" "$duration" "$n")")
    compiling_lines+=("$(python3 "$here/threads.py" compiling "$work/threads-$n.jsonl" "$probe_start" "$ramp" "$n")")
  fi
  python3 - "$work/probe-$n.json" "$before" "$n" <<'PY'
import json, sys
probe, before_kb, n = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
peak = probe["server_rss_peak_mb"]
print(f"| {n} | {before_kb / 1024:.1f} | {peak:.1f} | {(peak * 1024 - before_kb) / n:.1f} | {probe['server_cpu_pct']} "
      f"| {probe['ttfb_ms_p50']} | {probe['ttfb_ms_p99']} | {probe['rate_bytes_per_s_median']:.0f} / {probe['rate_bytes_per_s_min']:.0f} "
      f"| {probe['ok']}/{n} |")
PY
  rows+=("$(python3 "$here/breakdown.py" --region "$region" "$work/before-$n.smaps" "$work/hold-$n.smaps" "$n" "$work/before-idle.smaps" "$work/hold-idle.smaps")")
  if [[ -n $compiles ]]; then compile_rows+=("$(python3 "$here/compiles.py" "$work/before-$n.map" "$work/hold-$n.map" "$n")"); fi
  stop_node
done
echo
python3 "$here/breakdown.py" --header
printf '%s\n' "${rows[@]}"
if [[ -n $compiles ]]; then
  echo
  python3 "$here/compiles.py" --header
  printf '%s\n' "${compile_rows[@]}"
fi
if [[ -n $threads ]]; then
  echo
  python3 "$here/threads.py" --header
  printf '%s\n' "${thread_rows[@]}"
  echo
  printf '%s\n' "${compiling_lines[@]}"
fi

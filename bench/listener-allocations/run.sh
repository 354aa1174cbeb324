#!/usr/bin/env bash
# Where a node's allocations and live objects go with N listeners. Starts a fresh published node (standalone
# defaults, the /demo channel), connects N listeners over --ramp seconds with bench/listener-probe, and over a window
#   connect: from just before the first listener, for the ramp and 20 s more (what connecting costs, garbage included)
#   hold:    30 s from 10 s after the last listener connected (what listeners cost while they stay)
# takes an allocation trace (dotnet-trace --profile gc-verbose), summed by type by summarize.cs, with the stacks of the
# types named by --stacks; then a heap dump (dotnet-gcdump): the live heap, and the types that have about one object
# per listener, with each one's size.
#
#   bench/listener-allocations/run.sh [--listeners 10000] [--ramp 15] [--window connect|hold] [--stacks TYPE]...
#
# The diagnostics tools are installed from NuGet into the run's own directory. The node runs with the image's runtime
# settings (bench/image-runtime-env.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
http_port=18231
admin_port=19231
listeners=10000
ramp=15
window=connect
stacks=()
tools_version=10.0.750501
work=$(mktemp -d /tmp/airwave-listener-allocations.XXXXXX)
node_pid=""
probe_pid=""

die() { echo "run.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --listeners) listeners=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --stacks) stacks+=(--stacks "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done

case $window in
  connect) trace_after=0; trace_for=$((ramp + 20)) ;;
  hold) trace_after=$((ramp + 10)); trace_for=30 ;;
  *) die "--window is connect or hold, not $window" ;;
esac

cleanup() {
  [[ -n $probe_pid ]] && kill "$probe_pid" 2>/dev/null || true
  if [[ -n $node_pid ]]; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) > listeners + 1024)) || die "open-files limit $(ulimit -n) is too low for $listeners listeners"
echo "installing dotnet-trace and dotnet-gcdump $tools_version, building the probe and publishing Airwave (Release)"
for tool in dotnet-trace dotnet-gcdump; do
  dotnet tool install --tool-path "$work/tools" "$tool" --version "$tools_version" >"$work/$tool-install.log" 2>&1 ||
    die "installing $tool failed: $(tail -5 "$work/$tool-install.log")"
done
dotnet build "$repo/bench/listener-probe/probe.cs" -c Release -o "$work/probe" -nologo -v quiet >"$work/probe-build.log" 2>&1 ||
  die "building the probe failed: $(tail -20 "$work/probe-build.log")"
dotnet build "$here/summarize.cs" -c Release -o "$work/summarize" -nologo -v quiet >"$work/summarize-build.log" 2>&1 ||
  die "building summarize.cs failed: $(tail -20 "$work/summarize-build.log")"
MSBUILDDISABLENODEREUSE=1 "$repo/scripts/build.sh" "$work/airwave-bin" -p:UseSharedCompilation=false >"$work/build.log" 2>&1 ||
  die "scripts/build.sh failed: $(tail -20 "$work/build.log")"

# shellcheck disable=SC2046 # a list of VAR=value words
env $("$repo/bench/image-runtime-env.sh") AIRWAVE__HTTP__PORT=$http_port AIRWAVE__ADMIN__PORT=$admin_port AIRWAVE__DATA_DIR="$work/data" \
  "$work/airwave-bin/airwave" serve >"$work/node.log" 2>&1 &
node_pid=$!
deadline=$((SECONDS + 90))
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$http_port/demo" || true) == 200 ]]; do
  kill -0 "$node_pid" 2>/dev/null || die "the node exited: $(tail -20 "$work/node.log")"
  ((SECONDS < deadline)) || die "the node did not play /demo within 90 s"
  sleep 0.5
done
sleep 8 # past startup's own allocations

"$work/probe/probe" --url "http://127.0.0.1:$http_port/demo" -n "$listeners" --ramp "$ramp" --duration $((trace_after + trace_for + 10)) \
  --pid "$node_pid" >"$work/probe.json" &
probe_pid=$!
sleep "$trace_after"
"$work/tools/dotnet-trace" collect -p "$node_pid" --profile gc-verbose --duration "00:00:00:$trace_for" -o "$work/trace.nettrace" \
  >"$work/trace.log" 2>&1 || die "dotnet-trace failed: $(tail -5 "$work/trace.log")"
"$work/tools/dotnet-gcdump" collect -p "$node_pid" -o "$work/heap.gcdump" >"$work/gcdump.log" 2>&1 ||
  die "dotnet-gcdump failed: $(tail -5 "$work/gcdump.log")"
"$work/tools/dotnet-gcdump" report "$work/heap.gcdump" >"$work/heap.txt" 2>&1
wait "$probe_pid" || die "the probe failed"
probe_pid=""

echo "## $listeners listeners, window: $window (${trace_for} s from ${trace_after} s after the first listener)"
python3 - "$work/probe.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
print(f"served {p['ok']}/{p['listeners']}, closed early {p['closed_early']}, rate per listener median / min "
      f"{p['rate_bytes_per_s_median']:.0f} / {p['rate_bytes_per_s_min']:.0f} B/s, node CPU {p['server_cpu_pct']} %")
PY
echo
"$work/summarize/summarize" "$work/trace.nettrace" "${stacks[@]}"
echo
python3 "$here/heap.py" "$work/heap.txt" "$listeners"

#!/usr/bin/env bash
# What scraping /metrics costs a node that holds listeners: starts a release node (standalone defaults, the /demo
# channel), holds N listeners on /demo with bench/listener-probe, then measures the node's CPU over alternating windows
# of the same length, one without any scrape and one with GET /metrics every second (what a Prometheus with
# scrape_interval 1s does), and times every scrape; then runs 200 scrapes back to back to price one scrape in CPU.
# Prints one table row per window, the scrape times and the CPU per scrape.
#
#   bench/metrics-scrape/run.sh [--listeners 3000] [--window 20] [--rounds 2] [--ramp 15]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
http_port=18301
admin_port=19301
listeners=3000
window=20
rounds=2
ramp=15
work=$(mktemp -d /tmp/airwave-metrics-scrape.XXXXXX)
node_pid=""
probe_pid=""

die() { echo "run.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --listeners) listeners=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done

cleanup() {
  for pid in $probe_pid $node_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) > listeners + 1024)) || die "open-files limit $(ulimit -n) is too low for $listeners listeners"
echo "building Airwave and the probe (Release)"
dotnet build "$repo/bench/listener-probe/probe.cs" -c Release -o "$work/probe" -nologo -v quiet >"$work/probe-build.log" 2>&1 ||
  die "building the probe failed: $(tail -20 "$work/probe-build.log")"
dotnet build -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false "$repo/src/Airwave.Node" >"$work/build.log" 2>&1 ||
  die "dotnet build failed: $(tail -20 "$work/build.log")"

AIRWAVE__HTTP__PORT=$http_port AIRWAVE__ADMIN__PORT=$admin_port AIRWAVE__DATA_DIR="$work/data" \
  dotnet "$repo/src/Airwave.Node/bin/Release/net10.0/airwave.dll" serve >"$work/node.log" 2>&1 &
node_pid=$!
deadline=$((SECONDS + 90))
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$admin_port/healthz" || true) == 200 ]]; do
  kill -0 "$node_pid" 2>/dev/null || die "the node exited: $(tail -20 "$work/node.log")"
  ((SECONDS < deadline)) || die "the node did not answer within 90 s"
  sleep 0.5
done

# The probe holds its listeners for the ramp, a settle of 10 s and every window, plus a margin.
hold=$((10 + 2 * rounds * window + 15))
"$work/probe/probe" --url "http://127.0.0.1:$http_port/demo" -n "$listeners" --ramp "$ramp" --duration "$hold" >"$work/probe.json" &
probe_pid=$!
sleep $((ramp + 10))

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$node_pid/stat"; }
metrics_url="http://127.0.0.1:$http_port/metrics"
connected=$(curl -s "$metrics_url" | awk -F' ' '/^airwave_listeners\{channel="demo",output="raw"/ {print $2}')
echo "listeners connected (airwave_listeners{channel=\"demo\",output=\"raw\"}): $connected of $listeners"
echo "scrape size: $(curl -s "$metrics_url" | wc -c) bytes, $(curl -s "$metrics_url" | grep -vc '^#') samples"
echo
echo "| round | window | node CPU % of one core |"
echo "|---|---|---|"
: >"$work/scrape-times"
idle_ticks=0
idle_seconds=0
for ((round = 1; round <= rounds; round++)); do
  for mode in "no scraping" "scrape every 1 s"; do
    start=$(cpu_ticks)
    began=$(date +%s.%N)
    if [[ $mode == "no scraping" ]]; then
      sleep "$window"
    else
      for ((i = 0; i < window; i++)); do
        next=$(date +%s.%N)
        curl -s -o /dev/null -w '%{time_total}\n' "$metrics_url" >>"$work/scrape-times"
        sleep "$(python3 -c "import time; print(max(0, $next + 1 - time.time()))")"
      done
    fi
    ended=$(date +%s.%N)
    used=$(cpu_ticks)
    if [[ $mode == "no scraping" ]]; then
      idle_ticks=$((idle_ticks + used - start))
      idle_seconds=$(python3 -c "print($idle_seconds + $ended - $began)")
    fi
    python3 -c "print(f'| $round | $mode | {($used - $start) / $ticks / ($ended - $began) * 100:.1f} |')"
  done
done

# One scrape's own CPU: many scrapes back to back, minus what the listeners cost meanwhile (the no-scraping windows' rate).
burst=200
start=$(cpu_ticks)
began=$(date +%s.%N)
for ((i = 0; i < burst; i++)); do curl -s -o /dev/null "$metrics_url"; done
ended=$(date +%s.%N)
used=$(cpu_ticks)
python3 -c "
idle = $idle_ticks / $ticks / $idle_seconds
busy = ($used - $start) / $ticks
elapsed = $ended - $began
print(f'\n{$burst} scrapes back to back in {elapsed:.1f} s: node CPU {busy:.2f} s, of which the listeners {idle * elapsed:.2f} s; '
      f'{(busy - idle * elapsed) / $burst * 1000:.2f} ms of CPU per scrape')"

kill -0 "$probe_pid" 2>/dev/null || die "the probe ended before the windows did: $(cat "$work/probe.json")"
python3 - "$work/scrape-times" <<'PY'
import statistics, sys
times = sorted(float(line) * 1000 for line in open(sys.argv[1]) if line.strip())
print(f"\nscrape time over {len(times)} scrapes (curl time_total, loopback): median {statistics.median(times):.2f} ms, "
      f"p90 {times[int(len(times) * 0.9) - 1]:.2f} ms, max {times[-1]:.2f} ms")
PY

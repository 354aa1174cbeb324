#!/usr/bin/env bash
# Cluster formation and idle cost: N nodes (2 masters, the rest slaves) launched at the same moment on loopback against a
# throwaway PostgreSQL, forming the cluster through the cluster database (no seed nodes) or through seed nodes (the
# first node's address). Measures, per trial: seconds from launching the processes until every node's
# /api/cluster/members lists N Up members, and then each node's CPU over 30 s of idling (no channel has a listener;
# one looped channel plays on its owner). Prints a Markdown table; logs go to a temporary directory.
#
#   bench/cluster-formation/run.sh [--nodes 4] [--trials 3] [--modes "database seeds"]
#
# AIRWAVE_BIN overrides the node executable (default: the Release build in src/Airwave.Node/bin; nothing is built).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
airwave=${AIRWAVE_BIN:-$repo/src/Airwave.Node/bin/Release/net10.0/airwave}
fixture=$(cd "$repo/../shared/fixtures" 2>/dev/null && pwd)/tone-128k-44100-stereo.mp3
nodes=4
trials=3
modes="database seeds"
pg_port=55495
idle_seconds=30
work=$(mktemp -d /tmp/cluster-formation.XXXXXX)
chmod 755 "$work"
pids=()

die() { echo "cluster-formation: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --nodes) nodes=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done
[[ -x $airwave ]] || die "no node executable at $airwave (build src/Airwave.Node in Release, or set AIRWAVE_BIN)"

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do timeout 20 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
  [[ -d $work/pg ]] && "$repo/scripts/stop-test-postgres.sh" "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

env=$("$repo/scripts/start-test-postgres.sh" "$work/pg" "$pg_port" 2>"$work/pg-start.log") || die "PostgreSQL did not start: $(tail -5 "$work/pg-start.log")"
db=$(sed -n "s/^export AIRWAVE_TEST_POSTGRES='\(.*\)'$/\1/p" <<<"$env")

http() { echo $((18600 + $1)); }
admin() { echo $((19600 + $1)); }
remoting() { echo $((18700 + $1)); }

# start N MODE SCHEMA: writes each node's file and launches all of them at once.
start() {
  local i role seeds="" dir
  [[ $2 == seeds ]] && seeds="\"akka.tcp://airwave@127.0.0.1:$(remoting 1)\""
  for ((i = 1; i <= $1; i++)); do
    role=$([[ $i -le 2 ]] && echo master || echo slave)
    dir=$work/$3/n$i
    mkdir -p "$dir"
    cat >"$dir/node.conf" <<CONF
airwave {
  data-dir = "$dir/data"
  http { port = $(http "$i"), bind = "127.0.0.1" }
  admin { port = $(admin "$i"), token = "formation-bench-token" }
  cluster {
    roles = [$role]
    database = "$db"
    schema = "$3"
    secret = "formation-bench-secret-0123456789"
    advertise-address = "127.0.0.1:$(http "$i")"
    port = $(remoting "$i")
    seed-nodes = [$seeds]
  }
  channels.looped.loop-file = "$fixture"
}
CONF
  done
  for ((i = 1; i <= $1; i++)); do
    "$airwave" serve --config "$work/$3/n$i/node.conf" >"$work/$3/n$i.log" 2>&1 &
    pids+=($!)
  done
}

up_everywhere() {
  local i count
  for ((i = 1; i <= nodes; i++)); do
    count=$(curl -sf -H "Authorization: Bearer formation-bench-token" "http://127.0.0.1:$(admin "$i")/api/cluster/members" 2>/dev/null |
      python3 -c 'import json,sys; print(sum(1 for m in json.load(sys.stdin)["members"] if m["status"] == "Up" and m["reachable"]))' 2>/dev/null) || return 1
    [[ $count == "$nodes" ]] || return 1
  done
}

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

echo "| mode | trial | all $nodes Up after s | idle CPU per node, % of a core (masters / slaves) |"
echo "| --- | ---: | ---: | --- |"
for mode in $modes; do
  for ((trial = 1; trial <= trials; trial++)); do
    schema="formation_${mode}_$trial"
    pids=()
    t0=$(date +%s.%N)
    start "$nodes" "$mode" "$schema"
    formed=""
    for _ in $(seq 1 600); do
      if up_everywhere; then formed=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')"); break; fi
      sleep 0.1
    done
    [[ -n $formed ]] || die "$mode trial $trial: the cluster did not form in 60 s; logs in $work/$schema"
    sleep 10 # past the start-up work
    declare -a c0=()
    for ((i = 0; i < nodes; i++)); do c0[i]=$(ticks "${pids[i]}"); done
    sleep "$idle_seconds"
    cpu=()
    for ((i = 0; i < nodes; i++)); do
      cpu+=("$(python3 -c "print(f'{($(ticks "${pids[i]}") - ${c0[i]}) / $(getconf CLK_TCK) / $idle_seconds * 100:.1f}')")")
    done
    echo "| $mode | $trial | $formed | ${cpu[0]}, ${cpu[1]} / ${cpu[*]:2} |"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do timeout 30 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
    pids=()
  done
done

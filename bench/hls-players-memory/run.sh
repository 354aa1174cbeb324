#!/usr/bin/env bash
# What HLS players cost a node while they wait between segments. Starts a fresh published node (standalone defaults,
# the /demo channel), opens N kept-alive connections that each fetch one live segment and then wait (players.py), and
# reports the node's RSS before and with them, and a heap dump (dotnet-gcdump): the live heap and the types with about
# one object per player (../listener-allocations/heap.py).
#
#   bench/hls-players-memory/run.sh [--players 2000] [--bin DIR]
#
# --bin runs an already published node (scripts/build.sh DIR) instead of publishing this tree. The diagnostics tool is
# installed from NuGet into the run's own directory. The node runs with the image's runtime settings.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
http_port=18251
admin_port=19251
players=2000
bin=""
tools_version=10.0.750501
work=$(mktemp -d /tmp/airwave-hls-players.XXXXXX)
node_pid=""
players_pid=""

die() { echo "run.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --players) players=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done

cleanup() {
  [[ -n $players_pid ]] && kill "$players_pid" 2>/dev/null || true
  if [[ -n $node_pid ]]; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) > players + 1024)) || die "open-files limit $(ulimit -n) is too low for $players players"
dotnet tool install --tool-path "$work/tools" dotnet-gcdump --version "$tools_version" >"$work/tool-install.log" 2>&1 ||
  die "installing dotnet-gcdump failed: $(tail -5 "$work/tool-install.log")"
if [[ -z $bin ]]; then
  echo "publishing Airwave (Release)"
  bin=$work/airwave-bin
  MSBUILDDISABLENODEREUSE=1 "$repo/scripts/build.sh" "$bin" -p:UseSharedCompilation=false >"$work/build.log" 2>&1 ||
    die "scripts/build.sh failed: $(tail -20 "$work/build.log")"
fi

# shellcheck disable=SC2046 # a list of VAR=value words
env $("$repo/bench/image-runtime-env.sh") AIRWAVE__HTTP__PORT=$http_port AIRWAVE__ADMIN__PORT=$admin_port AIRWAVE__DATA_DIR="$work/data" \
  "$bin/airwave" serve >"$work/node.log" 2>&1 &
node_pid=$!
deadline=$((SECONDS + 90))
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$http_port/demo.m3u8" || true) == 200 ]]; do
  kill -0 "$node_pid" 2>/dev/null || die "the node exited: $(tail -20 "$work/node.log")"
  ((SECONDS < deadline)) || die "the node did not list /demo's segments within 90 s"
  sleep 0.5
done
sleep 15 # past startup's own allocations, and two segments listed

rss() { awk '/VmRSS/ {print $2}' "/proc/$node_pid/status"; }
before=$(rss)
python3 "$here/players.py" "http://127.0.0.1:$http_port" "$players" 40 >"$work/players.log" 2>&1 &
players_pid=$!
sleep 25
with=$(rss)
"$work/tools/dotnet-gcdump" collect -p "$node_pid" -o "$work/heap.gcdump" >"$work/gcdump.log" 2>&1 ||
  die "dotnet-gcdump failed: $(tail -5 "$work/gcdump.log")"
"$work/tools/dotnet-gcdump" report "$work/heap.gcdump" >"$work/heap.txt" 2>&1
wait "$players_pid" || die "the players failed: $(tail -5 "$work/players.log")"
players_pid=""

echo "## $players HLS players waiting between segments"
cat "$work/players.log"
echo "node RSS $before KB before, $with KB with them: $(((with - before) * 1024 / players)) bytes per player"
echo
python3 "$repo/bench/listener-allocations/heap.py" "$work/heap.txt" "$players"

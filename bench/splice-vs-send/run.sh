#!/usr/bin/env bash
# What sending a segment without copying it would save on this machine's kernel, outside the node: server.c answers
# every request with the same in-memory body, copied into the socket by one gathered sendmsg (how the node sends a
# segment from its rewind slabs) or handed over by reference (vmsplice into a pipe, then splice to the socket, which
# spares the copy as sendfile spares nginx). Both measured with wrk at the same load, in --rounds rounds with the order
# swapped each round; each round's rate and CPU per 1,000 answers, and the medians of the ratios.
#
#   bench/splice-vs-send/run.sh [--rounds 3] [--duration 10] [--bytes 92024] [--connections 64] [--threads 2]
#
# Installs gcc, wrk and curl with apt-get when missing; removes every process and file it made.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
port=18103
rounds=3
duration=10
bytes=92024
connections=64
threads=2
server_pid=""
work=$(mktemp -d /tmp/airwave-splice-vs-send.XXXXXX)

die() { echo "run.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --bytes) bytes=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done
for value in "$rounds" "$duration" "$bytes"; do [[ $value =~ ^[1-9][0-9]*$ ]] || die "--rounds, --duration and --bytes take whole numbers"; done

stop_server() {
  if [[ -n $server_pid ]]; then
    pkill -P "$server_pid" 2>/dev/null || true
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
needed=()
command -v gcc >/dev/null || needed+=(gcc libc6-dev)
command -v wrk >/dev/null || needed+=(wrk)
command -v curl >/dev/null || needed+=(curl)
if ((${#needed[@]})); then
  echo "installing: ${needed[*]}"
  as_root timeout --foreground 300 apt-get update -qq </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive timeout --foreground 600 apt-get install -y -qq "${needed[@]}" </dev/null >/dev/null
fi
gcc -O2 -Wall -Wextra -o "$work/server" "$here/server.c"

url="http://127.0.0.1:$port/segment"
start_server() { # MODE
  "$work/server" "$1" "$port" "$bytes" &
  server_pid=$!
  local deadline=$((SECONDS + 10))
  until curl -sf -o "$work/$1.body" "$url"; do
    ((SECONDS < deadline)) || die "the $1 server did not answer"
    sleep 0.2
  done
  (($(stat -c %s "$work/$1.body") == bytes)) || die "the $1 server's answer is not $bytes bytes"
}

cpu_ticks() { # the server's and its workers' clock ticks, user and system
  local pid total=0
  for pid in "$server_pid" $(pgrep -P "$server_pid"); do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  echo "$total"
}

measure() { # MODE -> prints requests/s and CPU ms per 1,000 answers
  local before after
  start_server "$1"
  wrk -t"$threads" -c"$connections" -d2s "$url" >/dev/null
  before=$(cpu_ticks)
  wrk -t"$threads" -c"$connections" -d"${duration}s" "$url" >"$work/wrk.txt"
  after=$(cpu_ticks)
  stop_server
  ! grep -q "Socket errors\|Non-2xx" "$work/wrk.txt" || die "wrk saw errors from the $1 server: $(grep "Socket errors\|Non-2xx" "$work/wrk.txt")"
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    '/Requests\/sec/ { rps = $2 } / requests in / { n = $1 } END { printf "%s %.1f\n", rps, ticks * 1000 / hz / (n / 1000) }' "$work/wrk.txt"
}

rows=()
for ((round = 1; round <= rounds; round++)); do
  for mode in $( ((round % 2)) && echo "send splice" || echo "splice send"); do
    echo "round $round of $rounds, wrk -t$threads -c$connections -d${duration}s: $mode"
    # Not in a subshell: the server's pid and a failure must reach this shell (its trap, its exit).
    measure "$mode" >"$work/measured"
    if [[ $mode == send ]]; then read -r send_rps send_cpu <"$work/measured"; else read -r splice_rps splice_cpu <"$work/measured"; fi
  done
  rows+=("$round $splice_rps $splice_cpu $send_rps $send_cpu")
done
cmp -s "$work/send.body" "$work/splice.body" || die "the two ways sent different bytes"

echo
echo "$bytes-byte answers, wrk -t$threads -c$connections -d${duration}s"
printf '%s\n' "${rows[@]}" | python3 "$here/../rounds.py" splice sendmsg

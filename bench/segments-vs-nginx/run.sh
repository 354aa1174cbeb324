#!/usr/bin/env bash
# Segment requests per second: an Airwave node serving a live HLS segment from memory
# (/<mount>/hls/<n>.mp3, out of the rewind buffer) against nginx serving the same bytes from disk,
# both on loopback in the same run, measured with wrk at the same connection count. On two cores wrk itself takes more
# CPU than either server, so the rate says as much about wrk's share as about the server's: each server's own CPU time
# per 1,000 answers (from /proc, its every process) is reported beside it. The two are measured in --rounds rounds, the
# order swapped each round, and each round's ratios are reported with their median: one pair of runs moves by 20 % or more
# with what else the two cores did meanwhile, which a round's two runs share more than two separate runs do.
#
#   bench/segments-vs-nginx/run.sh [--duration 15] [--rounds 3] [--connections 64] [--threads 2]
#
# Installs nginx, wrk and ffmpeg with apt-get when missing; publishes the node as scripts/build.sh does; cleans up
# every process and temp file it started. AIRWAVE_CMD overrides how the node is started.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
fixture=$repo/../shared/fixtures/tone-128k-44100-stereo.mp3
http_port=18101
admin_port=19111
nginx_port=18102
password=bench-$RANDOM$RANDOM
duration=15
rounds=3
connections=64
threads=2
pids=()
work=$(mktemp -d /tmp/airwave-segbench.XXXXXX)
chmod 755 "$work" # nginx workers run as an unprivileged user and must reach the files

die() { echo "run.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds takes a whole number of at least 1"

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local needed=()
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || needed+=(nginx)
  command -v wrk >/dev/null || needed+=(wrk)
  command -v ffmpeg >/dev/null || needed+=(ffmpeg)
  command -v curl >/dev/null || needed+=(curl)
  ((${#needed[@]})) || return 0
  echo "installing: ${needed[*]}"
  as_root timeout --foreground 300 apt-get update -qq </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive timeout --foreground 600 apt-get install -y -qq "${needed[@]}" </dev/null >/dev/null
}

wait_for() { # SECONDS WHAT COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out waiting for $what"
    sleep 0.5
  done
}

cpu_ticks() { # PID... -> prints the clock ticks the processes spent, user and system
  local pid total=0
  for pid in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}

measure() { # URL PID... -> prints wrk's Requests/sec and the processes' CPU milliseconds per 1,000 answers
  local url=$1 before after; shift
  before=$(cpu_ticks "$@")
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$work/wrk.txt"
  after=$(cpu_ticks "$@")
  cat "$work/wrk.txt" >&2
  grep -q "Non-2xx" "$work/wrk.txt" && die "wrk saw non-2xx answers from $url"
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    '/Requests\/sec/ { rps = $2 } / requests in / { n = $1 } END { printf "%s %.1f\n", rps, ticks * 1000 / hz / (n / 1000) }' "$work/wrk.txt"
}

install_missing
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [[ -z ${AIRWAVE_CMD:-} ]]; then
  echo "publishing the node (scripts/build.sh)"
  # The node as shipped: published by scripts/build.sh (Release, ReadyToRun).
  MSBUILDDISABLENODEREUSE=1 timeout --foreground 1200 "$repo/scripts/build.sh" "$work/airwave-bin" >"$work/build.log" 2>&1 ||
    die "scripts/build.sh failed: $(tail -20 "$work/build.log")"
fi

echo "starting the node on 127.0.0.1:$http_port"
(
  export AIRWAVE__HTTP__PORT=$http_port AIRWAVE__HTTP__BIND=127.0.0.1 AIRWAVE__ADMIN__PORT=$admin_port \
    AIRWAVE__DATA_DIR=$work/data AIRWAVE__CHANNELS__BENCH__PASSWORD=$password
  cd "$work"
  exec ${AIRWAVE_CMD:-"$work/airwave-bin/airwave" serve}
) >"$work/node.log" 2>&1 &
pids+=($!)
wait_for 60 "the node" curl -sf "http://127.0.0.1:$http_port/"

echo "pushing the fixture to /bench until two segments are closed (the first one is short)"
ffmpeg -hide_banner -nostdin -loglevel error -stream_loop -1 -re -i "$fixture" -c copy -content_type audio/mpeg \
  -f mp3 "icecast://source:$password@127.0.0.1:$http_port/bench" >"$work/ffmpeg.log" 2>&1 &
pids+=($!)
has_segments() { (($(curl -sf "http://127.0.0.1:$http_port/bench.m3u8" | grep -c '^[^#].*\.mp3') >= 2)); }
wait_for 60 "two closed HLS segments" has_segments
segment=$(curl -sf "http://127.0.0.1:$http_port/bench.m3u8" | grep -v '^#' | grep '\.mp3' | sed -n 2p)
segment_path=/bench/hls/${segment##*/}
segment_path=${segment_path%%\?*}
airwave_url="http://127.0.0.1:$http_port$segment_path"
mkdir -p "$work/www/bench/hls"
curl -sf "$airwave_url" -o "$work/www$segment_path"
bytes=$(stat -c %s "$work/www$segment_path")
echo "segment $segment_path: $bytes bytes"

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { audio/mpeg mp3; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    add_header Cache-Control "public, max-age=31536000, immutable";
  }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log"
nginx_url="http://127.0.0.1:$nginx_port$segment_path"
wait_for 10 "nginx" curl -sf "$nginx_url"
cmp <(curl -sf "$nginx_url") <(curl -sf "$airwave_url") || die "nginx and Airwave serve different bytes"

echo "warming up both for 3 s"
wrk -t1 -c8 -d3s "$airwave_url" >/dev/null
wrk -t1 -c8 -d3s "$nginx_url" >/dev/null

nginx_master=$(cat "$work/nginx.pid")
# shellcheck disable=SC2207 # one PID per word
nginx_pids=("$nginx_master" $(pgrep -P "$nginx_master"))
rows=()
for ((round = 1; round <= rounds; round++)); do
  # Odd rounds measure Airwave first, even rounds nginx first: neither always runs on a machine the other just warmed.
  for server in $( ((round % 2)) && echo "airwave nginx" || echo "nginx airwave"); do
    echo "round $round of $rounds, wrk -t$threads -c$connections -d${duration}s: $server"
    # Not in a subshell: a failure (wrk seeing errors) must stop the script.
    if [[ $server == airwave ]]; then
      measure "$airwave_url" "${pids[0]}" >"$work/measured"
      read -r airwave_rps airwave_cpu <"$work/measured"
    else
      measure "$nginx_url" "${nginx_pids[@]}" >"$work/measured"
      read -r nginx_rps nginx_cpu <"$work/measured"
    fi
  done
  rows+=("$round $airwave_rps $airwave_cpu $nginx_rps $nginx_cpu")
done

echo
echo "segment $segment_path, $bytes B: Airwave from its rewind buffer, nginx the same file from disk (sendfile)"
echo
printf '%s\n' "${rows[@]}" | python3 "$repo/bench/rounds.py" Airwave nginx
echo "($(nproc) cores, wrk -t$threads -c$connections -d${duration}s, wrk and both servers on one machine)"

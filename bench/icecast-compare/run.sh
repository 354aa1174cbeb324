#!/usr/bin/env bash
# Listener-load comparison: runs Icecast 2 and an Airwave node side by side on loopback, feeds both
# the same 128 kbps MP3 in real time, and measures each under the same listener counts with
# bench/listener-probe (built here; ../shared/tools/listeners.py's measurements on .NET sockets, which keep up at
# 10,000 listeners, plus each listener's rate once all are connected). Prints a Markdown table per count; raw JSON
# goes to --out. The counts run in order on the same two servers, so only the first meets them cold: a count given
# twice ("1000 1000") measures it cold and then warm.
#
#   bench/icecast-compare/run.sh [--listeners "1000 3000"] [--duration 30] [--ramp 5] [--out DIR]
#                                [--only icecast|airwave] [--airwave-offset SECONDS]
#
# --airwave-offset has Airwave's listeners play that far behind live (?offset=), paced, as time-shifted listeners and
# every listener of a slave are, against Icecast's live listeners.
#
# AIRWAVE_CMD overrides how the node is started (then no build is done). Either way the node runs with the container
# image's runtime settings (bench/image-runtime-env.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
probe_source=$repo/bench/listener-probe/probe.cs
fixture=$repo/../shared/fixtures/tone-128k-44100-stereo.mp3

icecast_port=18000
airwave_port=18001
airwave_admin_port=19110
password=bench-$RANDOM$RANDOM
ramp=5
drain_seconds=30
startup_seconds=90

listener_counts="1000 3000"
duration=30
out=""
only=""
airwave_offset=0
pids=()
work=""

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
  echo "run.sh: $*" >&2
  exit 1
}

parse_args() {
  while (($#)); do
    case $1 in
      --listeners) listener_counts=$2; shift 2 ;;
      --duration) duration=$2; shift 2 ;;
      --ramp) ramp=$2; shift 2 ;;
      --out) out=$2; shift 2 ;;
      --only) only=$2; shift 2 ;;
      --airwave-offset) airwave_offset=$2; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  [[ $only == "" || $only == icecast || $only == airwave ]] || die "--only takes icecast or airwave"
  [[ $duration =~ ^[0-9]+$ && $ramp =~ ^[0-9]+$ && $airwave_offset =~ ^[0-9]+$ ]] ||
    die "--duration, --ramp and --airwave-offset take whole seconds"
  local n
  for n in $listener_counts; do
    [[ $n =~ ^[0-9]+$ ]] || die "--listeners takes whole numbers"
  done
}

wants() {
  [[ -z $only || $only == "$1" ]]
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  local needed=()
  command -v ffmpeg >/dev/null || needed+=(ffmpeg)
  command -v curl >/dev/null || needed+=(curl)
  command -v ss >/dev/null || needed+=(iproute2)
  if wants icecast && ! command -v icecast2 >/dev/null; then needed+=(icecast2); fi
  ((${#needed[@]})) || return 0
  echo "installing: ${needed[*]}"
  # icecast2's debconf otherwise asks for hostname and passwords; we write our own config anyway.
  echo "icecast2 icecast2/icecast-setup boolean false" | as_root debconf-set-selections
  as_root timeout --foreground 300 apt-get update -qq </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive timeout --foreground 600 \
    apt-get install -y -qq --no-install-recommends "${needed[@]}" </dev/null >/dev/null
  # The package may have started the system-wide service; it uses port 8000, not ours, so leave it be.
}

# Each listener and each server-side client needs a descriptor.
raise_fd_limit() {
  local need=$1 hard
  hard=$(ulimit -Hn)
  if [[ $hard != unlimited ]] && ((hard < need)); then
    ulimit -Hn "$need" 2>/dev/null || die "open-files hard limit $hard is below the $need needed"
  fi
  ulimit -n "$(ulimit -Hn)"
}

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n $work ]]; then
    [[ -d $work/logs ]] && cp -r "$work/logs" "$out/" 2>/dev/null
    rm -rf "$work"
  fi
}

all_alive() {
  local pid
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}

# wait_for SECONDS WHAT COMMAND...: polls COMMAND; gives up on timeout or when a started process died.
wait_for() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do
    all_alive || die "a started process exited while waiting for $what (logs: $out/logs)"
    ((SECONDS < deadline)) || die "timed out after ${limit}s waiting for $what (logs: $out/logs)"
    sleep 0.5
  done
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

mount_plays() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/live" || true)
  [[ $code == 200 ]]
}

# Only the source's connection may remain.
drained() {
  (($(ss -Htn state established "( sport = :$1 )" | wc -l) <= 1))
}

rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

write_icecast_config() {
  local owner=""
  # Icecast refuses to run as root unless it is told whom to become.
  if [[ $(id -u) -eq 0 ]]; then
    owner="<changeowner><user>icecast2</user><group>icecast</group></changeowner>"
    chown icecast2 "$work/logs/icecast"
  fi
  cat >"$work/icecast.xml" <<EOF
<icecast>
  <location>bench</location>
  <admin>bench@localhost</admin>
  <hostname>127.0.0.1</hostname>
  <limits>
    <clients>20000</clients>
    <sources>4</sources>
    <threadpool>8</threadpool>
    <queue-size>524288</queue-size>
    <burst-on-connect>1</burst-on-connect>
    <burst-size>65536</burst-size>
    <client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout>
    <source-timeout>10</source-timeout>
  </limits>
  <authentication>
    <source-password>$password</source-password>
    <admin-user>admin</admin-user>
    <admin-password>$password</admin-password>
  </authentication>
  <listen-socket>
    <port>$icecast_port</port>
    <bind-address>127.0.0.1</bind-address>
  </listen-socket>
  <paths>
    <basedir>$work</basedir>
    <logdir>$work/logs/icecast</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging>
    <accesslog>access.log</accesslog>
    <errorlog>error.log</errorlog>
    <loglevel>2</loglevel>
  </logging>
  <security>
    <chroot>0</chroot>
    $owner
  </security>
</icecast>
EOF
}

start_icecast() {
  mkdir -p "$work/logs/icecast"
  write_icecast_config
  icecast2 -c "$work/icecast.xml" >"$work/logs/icecast/stdout.log" 2>&1 &
  pids+=($!)
  icecast_pid=$!
}

build_airwave() {
  echo "publishing Airwave as scripts/build.sh does (Release, ReadyToRun)"
  # No build servers: they would outlive the script.
  MSBUILDDISABLENODEREUSE=1 timeout --foreground 1200 "$repo/scripts/build.sh" "$work/airwave-bin" -p:UseSharedCompilation=false \
    >"$work/logs/build.log" 2>&1 ||
    die "scripts/build.sh failed (log: $out/logs/build.log):"$'\n'"$(tail -20 "$work/logs/build.log")"
}

start_airwave() {
  local cmd=${AIRWAVE_CMD:-"$work/airwave-bin/airwave serve"}
  mkdir -p "$work/logs/airwave" "$work/airwave-data"
  (
    # shellcheck disable=SC2046 # VAR=value words
    export $("$repo/bench/image-runtime-env.sh") AIRWAVE__HTTP__PORT=$airwave_port AIRWAVE__ADMIN__PORT=$airwave_admin_port \
      AIRWAVE__DATA_DIR=$work/airwave-data AIRWAVE__CHANNELS__LIVE__PASSWORD=$password
    eval "exec $cmd"
  ) >"$work/logs/airwave/stdout.log" 2>&1 &
  pids+=($!)
  airwave_pid=$!
}

feed() {
  local name=$1 port=$2
  ffmpeg -nostdin -hide_banner -loglevel warning -re -stream_loop -1 -i "$fixture" -c copy \
    -content_type audio/mpeg -f mp3 "icecast://source:$password@127.0.0.1:$port/live" \
    >"$work/logs/ffmpeg-$name.log" 2>&1 &
  pids+=($!)
}

bring_up() {
  local name=$1 port=$2
  wait_for "$startup_seconds" "$name to listen on $port" port_open "$port"
  feed "$name" "$port"
  wait_for 30 "$name to play /live" mount_plays "$port"
  echo "$name is playing /live on 127.0.0.1:$port (pid $3)"
}

# measure SERVER PID PORT N POSITION: one probe run, saved with the server's RSS just before it, named by the count and
# its position in --listeners (so a count given twice keeps both runs).
measure() {
  local server=$1 pid=$2 port=$3 n=$4 position=$5 path=/live rss0 load result
  if [[ $server == airwave ]] && ((airwave_offset > 0)); then path="/live?offset=$airwave_offset"; fi
  wait_for "$drain_seconds" "$server connections to drain" drained "$port"
  sleep 2
  rss0=$(rss_kb "$pid")
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "measuring $server with $n listeners for ${ramp}s ramp + ${duration}s"
  result=$(timeout --foreground $((ramp + duration + 60)) "$work/probe/probe" --url "http://127.0.0.1:$port$path" \
    -n "$n" --duration "$duration" --ramp "$ramp" --pid "$pid")
  printf '{"server": "%s", "path": "%s", "ramp_s": %d, "duration_s": %d, "server_rss_before_kb": %d, "host_loadavg_1m_before": %s, "probe": %s}\n' \
    "$server" "$path" "$ramp" "$duration" "$rss0" "$load" "$result" >"$out/$server-$position-$n.json"
}

main() {
  parse_args "$@"
  local max=0 n
  for n in $listener_counts; do if ((n > max)); then max=$n; fi; done
  [[ -f $fixture ]] || die "needs $fixture (the shared/ folder beside the repo)"
  install_missing
  raise_fd_limit $((max + 1024))

  out=${out:-$(mktemp -d /tmp/icecast-compare.XXXXXX)}
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  work=$(mktemp -d /tmp/icecast-compare-work.XXXXXX)
  chmod 755 "$work"
  mkdir -p "$work/logs"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  timeout --foreground 600 dotnet build "$probe_source" -c Release -o "$work/probe" -nologo -v quiet >"$work/logs/probe-build.log" 2>&1 ||
    die "building the probe failed: $(tail -20 "$work/logs/probe-build.log")"
  if wants airwave && [[ -z ${AIRWAVE_CMD:-} ]]; then build_airwave; fi
  if wants icecast; then start_icecast; bring_up icecast "$icecast_port" "$icecast_pid"; fi
  if wants airwave; then start_airwave; bring_up airwave "$airwave_port" "$airwave_pid"; fi

  local position=0
  for n in $listener_counts; do
    position=$((position + 1))
    if wants icecast; then measure icecast "$icecast_pid" "$icecast_port" "$n" "$position"; fi
    if wants airwave; then measure airwave "$airwave_pid" "$airwave_port" "$n" "$position"; fi
  done

  # shellcheck disable=SC2086 # the counts are meant to split
  python3 "$here/report.py" "$out" $listener_counts | tee "$out/report.md"
  echo "raw JSON, report and logs: $out"
}

main "$@"

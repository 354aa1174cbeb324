#!/usr/bin/env bash
# What channel renditions cost: for each case a fresh standalone node is started with one channel (/live) carrying
# N renditions, a source pushes a 128k MP3 into /live, and once every transcoder runs (plus --warmup seconds) the CPU
# time (utime + stime from /proc/<pid>/stat, per wall second, in % of one core) of every rendition ffmpeg, of the node
# and of the source ffmpeg is measured over --duration seconds. Cases:
#   base     0 renditions (the node's baseline: ingest, rewind, HLS and archive of /live alone)
#   aac64    1 x AAC-LC 64k (stereo, the source's rate)
#   mp3-32   1 x MP3 32k mono
#   8xaac64  8 x AAC-LC 64k (aac64a..aac64h), so the node's own cost per rendition stands out of the noise
# Any N x aac64 or N x mp3-32 (N up to 26, e.g. 2xaac64, 4xmp3-32) may be named in --cases too.
# It prints one markdown table per source. "node/rendition" is (node CPU - base node CPU) / N and
# "renditions per core" is 100 / (ffmpeg % per rendition + node % per rendition). "other CPU on the machine" is the
# busy time of all cores (/proc/stat) minus this case's processes: measure on a quiet machine, where it stays near 0.
#
#   bench/renditions/run.sh [--duration 60] [--warmup 10] [--source FILE]... [--cases "base aac64 mp3-32 8xaac64"]
#                           [--max-other 10] [--retries 4]
#
# --source may be given several times; without it the script measures a generated music-like file (pink noise and
# two wobbling tones that differ per channel, much harder to encode than a tone) and then the repository's tone
# fixture ($RBENCH_TONE overrides its path). The node binary is $AIRWAVE_BIN (default /tmp/airwave-bench-bin/airwave, a Release build made with
#   dotnet publish src/Airwave.Node -c Release -o /tmp/airwave-bench-bin
# ). Ports: $AIRWAVE_HTTP_PORT (18100) and $AIRWAVE_ADMIN_PORT (19200). Each case runs in a fresh directory under
# $RBENCH_DIR (default /tmp/rbench), which keeps the node's log (node.log) of each case for a look afterwards.
# A per-rendition cost of a fraction of a percent drowns in anything else the machine does (a build next door puts
# both cores at 100 %), so each case starts only after the machine was nearly idle (below --max-other % of one
# core) for 20 s, and a case whose window saw more other CPU than that is measured again, up to --retries times
# (then it is kept, and the "other CPU" column shows how little to trust it).
# Needs ffmpeg, curl and jq.
set -euo pipefail

bin=${AIRWAVE_BIN:-/tmp/airwave-bench-bin/airwave}
http_port=${AIRWAVE_HTTP_PORT:-18100}
admin_port=${AIRWAVE_ADMIN_PORT:-19200}
root=${RBENCH_DIR:-/tmp/rbench}
duration=60
warmup=10
cases="base aac64 mp3-32 8xaac64"
max_other=10
retries=4
sources=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --source) sources+=("$2"); shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --max-other) max_other=$2; shift 2 ;;
    --retries) retries=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in ffmpeg curl jq; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not on PATH" >&2; exit 1; }
done
[[ -x $bin ]] || { echo "run.sh: no node binary at $bin (set AIRWAVE_BIN or publish one, see --help)" >&2; exit 1; }
mkdir -p "$root"

music=$root/music-like.mp3
if [[ ${#sources[@]} -eq 0 ]]; then
  sources=("$music" "${RBENCH_TONE:-/work/shared/fixtures/tone-128k-44100-stereo.mp3}")
fi
# The music-like file is made once, before anything is measured: 120 s of pink noise plus a tone per channel whose
# pitch wobbles, so the encoders get broadband, changing, non-identical stereo content like real music.
if [[ " ${sources[*]} " == *" $music "* && ! -s $music ]]; then
  echo "generating $music" >&2
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "anoisesrc=color=pink:amplitude=0.3:sample_rate=44100" \
    -f lavfi -i "aevalsrc=0.2*sin(2*PI*(220+40*sin(2*PI*0.3*t))*t)|0.2*sin(2*PI*(330+60*sin(2*PI*0.2*t))*t):s=44100" \
    -filter_complex "[0:a]aformat=channel_layouts=stereo[n];[n][1:a]amix=inputs=2:normalize=0" \
    -t 120 -ac 2 -ar 44100 -c:a libmp3lame -b:a 128k "$music"
fi

hz=$(getconf CLK_TCK)
node_pid=""
source_pid=""
rendition_pids=""

# Stops what this script started, by pid: the source first (so the node sees it leave), then the node with SIGTERM
# (it stops its own ffmpegs), then SIGKILL for anything still there after 20 s.
stop_all() {
  local pid
  [[ -n $source_pid ]] && kill "$source_pid" 2>/dev/null || true
  [[ -n $node_pid ]] && kill "$node_pid" 2>/dev/null || true
  for _ in $(seq 40); do
    kill -0 "$node_pid" 2>/dev/null || break
    sleep 0.5
  done
  for pid in $source_pid $node_pid $rendition_pids; do
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  done
  [[ -n $source_pid ]] && wait "$source_pid" 2>/dev/null || true
  [[ -n $node_pid ]] && wait "$node_pid" 2>/dev/null || true
  source_pid="" node_pid="" rendition_pids=""
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# utime + stime of a process in clock ticks (fields 14 and 15; the command name in field 2 has no spaces here).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Busy ticks of the whole machine (user, nice, system, irq, softirq, steal of all cores): what is left after this
# case's own processes is other load, which makes the figures less trustworthy when it is not near 0.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
now() { date +%s.%N; }
below_max_other() { awk -v x="$1" -v m="$max_other" 'BEGIN {exit !(x < m)}'; }

# Waits (at most 30 min) until the whole machine used less than --max-other % of one core in two 10 s samples in a
# row; nothing of this script runs then, so all of it is someone else's load.
wait_quiet() {
  local quiet=0 told="" a b busy deadline=$((SECONDS + 1800))
  while ((quiet < 2 && SECONDS < deadline)); do
    a=$(machine_ticks)
    sleep 10
    b=$(machine_ticks)
    busy=$(awk -v t=$((b - a)) -v hz="$hz" 'BEGIN {printf "%.1f", 100 * t / hz / 10}')
    if below_max_other "$busy"; then quiet=$((quiet + 1)); else
      quiet=0
      [[ -z $told ]] && { echo "  machine busy ($busy % of a core), waiting for it to be idle" >&2; told=1; }
    fi
  done
}
api() { curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$admin_port/api/channels"; }

# A case is base (no rendition), a kind (aac64: AAC-LC 64k; mp3-32: MP3 32k mono) or N x a kind (8xaac64), whose
# renditions are named aac64a, aac64b, ... (names allow letters, digits, '-' and '_').
kind_of() { echo "${1#*x}"; }
count_of() {
  case $1 in
    base) echo 0 ;;
    [0-9]*x*) echo "${1%%x*}" ;;
    *) echo 1 ;;
  esac
}
rendition_of() { # NAME KIND
  case $2 in
    aac64) echo "{ name = $1, codec = aac, bitrate = 64k }" ;;
    mp3-32) echo "{ name = $1, codec = mp3, bitrate = 32k, channels = 1 }" ;;
    *) echo "run.sh: unknown rendition kind $2 (aac64 or mp3-32)" >&2; exit 2 ;;
  esac
}
renditions_of() {
  local n kind list="" i letters=abcdefghijklmnopqrstuvwxyz
  n=$(count_of "$1")
  kind=$(kind_of "$1")
  if ((n == 1)) && [[ $1 != *x* ]]; then
    list=$(rendition_of "$kind" "$kind")
  else
    ((n <= 26)) || { echo "run.sh: at most 26 renditions per case" >&2; exit 2; }
    for ((i = 0; i < n; i++)); do list+="${list:+, }$(rendition_of "$kind${letters:i:1}" "$kind")"; done
  fi
  echo "[ $list ]"
}

fail() {
  echo "run.sh: $1" >&2
  [[ -f $work/node.log ]] && { echo "--- last lines of $work/node.log:" >&2; tail -n 30 "$work/node.log" >&2; }
  exit 1
}

# Runs one case; sets the globals the table reads (r_*).
run_case() {
  local case=$1 src=$2 n
  n=$(count_of "$case")
  work=$(mktemp -d "$root/$case.XXXX")
  cat >"$work/node.conf" <<EOF
airwave {
  http.port = $http_port
  admin.port = $admin_port
  data-dir = "$work/data"
  channels {
    live {
      password = hackme
      renditions = $(renditions_of "$case")
    }
  }
}
EOF
  "$bin" serve -c "$work/node.conf" >"$work/node.log" 2>&1 &
  node_pid=$!

  # The node is up when the admin API answers with the token it generated at start.
  local deadline=$((SECONDS + 60))
  token=""
  until [[ -n $token ]] && api >/dev/null 2>&1; do
    kill -0 "$node_pid" 2>/dev/null || fail "the node ($case) exited during start"
    ((SECONDS < deadline)) || fail "the node ($case) did not answer on the admin port within 60 s"
    [[ -s $work/data/admin.token ]] && token=$(<"$work/data/admin.token")
    sleep 0.5
  done

  ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$src" -c copy \
    -content_type audio/mpeg -f mp3 "icecast://source:hackme@127.0.0.1:$http_port/live" >"$work/source.log" 2>&1 &
  source_pid=$!

  # Ready when /live has its source and every rendition's transcoder runs.
  deadline=$((SECONDS + 60))
  local ready=""
  while :; do
    kill -0 "$node_pid" 2>/dev/null || fail "the node ($case) exited after the source connected"
    kill -0 "$source_pid" 2>/dev/null || fail "the source ffmpeg exited: $(cat "$work/source.log")"
    ready=$(api | jq -r --argjson n "$n" \
      '([.[] | select(.id == "live" and .source == "connected")] | length == 1)
       and ([.[] | select(.rendition.of == "live" and .rendition.transcoder == "running")] | length == $n)')
    [[ $ready == true ]] && break
    ((SECONDS < deadline)) || fail "not every transcoder ran within 60 s: $(api | jq -c '[.[] | {id, source, rendition}]')"
    sleep 1
  done
  sleep "$warmup"

  # The pids, starts and output bytes of the renditions at the start of the window: a restart during it is reported.
  local before_json after_json
  before_json=$(api)
  rendition_pids=$(jq -r '.[] | select(.rendition.of == "live") | .rendition.processId' <<<"$before_json" | xargs)

  # One pass over /proc at each end of the window, nothing else runs in between.
  declare -A t0 t1
  local pid t_start t_end
  local m0 m1
  t_start=$(now)
  m0=$(machine_ticks)
  for pid in $node_pid $source_pid $rendition_pids; do t0[$pid]=$(ticks "$pid"); done
  sleep "$duration"
  for pid in $node_pid $source_pid $rendition_pids; do t1[$pid]=$(ticks "$pid" 2>/dev/null || echo "nan"); done
  m1=$(machine_ticks)
  t_end=$(now)
  after_json=$(api)
  r_rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$node_pid/status")

  local wall
  wall=$(awk -v a="$t_start" -v b="$t_end" 'BEGIN {print b - a}')
  pct() { awk -v t0="${t0[$1]}" -v t1="${t1[$1]}" -v hz="$hz" -v w="$wall" 'BEGIN {printf "%.2f", 100 * (t1 - t0) / hz / w}'; }
  r_node=$(pct "$node_pid")
  r_source=$(pct "$source_pid")
  r_ff_list=""
  for pid in $rendition_pids; do r_ff_list+="$(pct "$pid") "; done
  local ours=0
  for pid in $node_pid $source_pid $rendition_pids; do ours=$((ours + ${t1[$pid]%.*} - ${t0[$pid]%.*})); done
  r_other=$(awk -v m=$((m1 - m0 - ours)) -v hz="$hz" -v w="$wall" 'BEGIN {printf "%.1f", 100 * m / hz / w}')

  # Sanity: each rendition's output rate over the window (it keeps up when it is near its bitrate) and no restarts.
  r_kbps=$(jq -r --argjson b "$before_json" --arg w "$wall" -n --argjson a "$after_json" '
    [$a[] | select(.rendition.of == "live") | . as $x
      | (($x.bytesIn - ($b[] | select(.id == $x.id) | .bytesIn)) * 8 / 1000 / ($w | tonumber))]
    | if length == 0 then "-" else (add / length | . * 10 | round / 10 | tostring) end')
  r_restarts=$(jq -r --argjson b "$before_json" -n --argjson a "$after_json" '
    [$a[] | select(.rendition.of == "live") | . as $x
      | select(.rendition.processId != ($b[] | select(.id == $x.id) | .rendition.processId)
               or .rendition.transcoder != "running")] | length')
  if [[ $r_restarts != 0 ]]; then
    echo "run.sh: warning: $r_restarts rendition(s) of case $case restarted or stopped during the window:" >&2
    jq -c '[.[] | select(.rendition.of == "live") | {id, rendition}]' <<<"$after_json" >&2
  fi
  echo "  $case: node $r_node %, source $r_source %, renditions [${r_ff_list% }] %, out ${r_kbps} kbit/s each, RSS $r_rss MB, other load $r_other % (${wall%.*} s, $work)" >&2
  stop_all
  sleep 3 # lets the ports and the machine settle before the next case
}

for src in "${sources[@]}"; do
  [[ -f $src ]] || { echo "run.sh: no source file $src" >&2; exit 1; }
  echo "source $src: warmup $warmup s, window $duration s per case" >&2
  base_node=""
  rows=""
  for case in $cases; do
    for ((attempt = 0; attempt <= retries; attempt++)); do
      wait_quiet
      run_case "$case" "$src"
      below_max_other "$r_other" && break
      echo "  $case: other load $r_other % of a core during the window, measuring it again" >&2
    done
    n=$(count_of "$case")
    [[ $case == base ]] && base_node=$r_node
    # Per-rendition figures need a baseline measured with the same source.
    row=$(awk -v c="$case" -v n="$n" -v list="$r_ff_list" -v node="$r_node" -v base="$base_node" -v src="$r_source" \
      -v rss="$r_rss" -v kbps="$r_kbps" -v restarts="$r_restarts" -v other="$r_other" 'BEGIN {
        ff = "-"; per = "-"; rpc = "-"
        if (n > 0) {
          k = split(list, v, " "); s = 0; lo = 1e9; hi = 0
          for (i = 1; i <= k; i++) { s += v[i]; if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i] }
          ff = sprintf("%.2f", s / k); if (k > 1) ff = ff sprintf(" (%.2f–%.2f)", lo, hi)
          if (base != "") {
            p = (node - base) / n; per = sprintf("%.2f", p)
            rpc = (s / k + p > 0) ? sprintf("%.0f", 100 / (s / k + p)) : "-"
          }
        }
        printf "| %s | %d | %s | %.2f | %s | %s | %d | %.2f | %s | %s | %s |\n", c, n, ff, node, per, rpc, rss, src, kbps, restarts, other
      }')
    rows+="$row"$'\n'
  done
  echo
  echo "### Source: $(basename "$src")"
  echo
  echo "CPU in % of one core over ${duration} s after ${warmup} s of warmup (utime+stime from /proc/PID/stat per wall second)."
  echo
  echo "| case | renditions | ffmpeg CPU per rendition (mean, min–max) | node CPU total | node CPU per rendition above base | renditions per core | node RSS (MB) | source ffmpeg CPU | rendition out (kbit/s, mean) | restarts | other CPU on the machine |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf "%s" "$rows"
done

#!/usr/bin/env bash
# Slave relay overhead and failover gap: a loopback cluster on a throwaway PostgreSQL, one channel `live` looping the
# 128 kbps MP3 fixture on a master. Measures (1) N listeners on the master directly vs the same N on a slave that
# relays the channel, with bench/listener-probe, plus the master's CPU while it feeds the relay, (2) the relay
# delay (relay_delay.py: the same bytes on a slave listener vs a master listener), and (3) the longest silence on a
# slave listener when the owning master of two is killed with SIGKILL (gap.py), per lease TTL, and (4) a reconnect storm:
# N listeners with session ids on one slave, that slave killed with SIGKILL, the same N coming back to the other slave.
# Prints Markdown tables; raw JSON goes to --out.
#
#   bench/relay-overhead/run.sh [--listeners "1000 3000"] (default 1000) [--duration 20] [--ramp 5] [--delay-duration 20]
#                               [--ttls "3s 10s"] [--relay-delays "0s 8s"] [--trials 3] [--storm-ramp 5]
#                               [--phases "overhead delay failover storm"] [--out DIR]
#
# The overhead phase runs the slave with the shipped airwave.relay.delay (relayed listeners paced 8 s behind live), the
# delay phase with 0s (what the relay's transport adds), and the failover phase once per --relay-delays value: 0s shows
# the feed's own gap, 8s what a listener hears.
#
# AIRWAVE_BIN overrides the node executable (default: the Release build in src/Airwave.Node/bin; the node is not built). Its
# directory is copied at start, so a rebuild while the bench runs cannot mix two versions of the node.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
fixture=$(cd "$repo/../shared/fixtures" 2>/dev/null && pwd)/tone-128k-44100-stereo.mp3
airwave=${AIRWAVE_BIN:-$repo/src/Airwave.Node/bin/Release/net10.0/airwave}

# Ports: nodes m1, m2 (masters), s1 and s2 (slaves); the database tries pg_port and the two next ones.
declare -A http_port=([m1]=18311 [m2]=18312 [s1]=18313 [s2]=18314)
declare -A admin_port=([m1]=19311 [m2]=19312 [s1]=19313 [s2]=19314)
declare -A cluster_port=([m1]=18411 [m2]=18412 [s1]=18413 [s2]=18414)
declare -A node_pid=()
pg_port=55491
secret=relay-bench-$RANDOM$RANDOM$RANDOM
startup_seconds=90
drain_seconds=30

listener_counts="1000"
duration=20
ramp=5
delay_duration=20
ttls="3s 10s"
relay_delays="0s 8s"
relay_delay=8s
trials=3
storm_ramp=5
phases="overhead delay failover storm"
probe_bin=""
out=""
pids=()
work=""
pg_dir=""
db=""
keeper=""

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
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
      --delay-duration) delay_duration=$2; shift 2 ;;
      --ttls) ttls=$2; shift 2 ;;
      --relay-delays) relay_delays=$2; shift 2 ;;
      --trials) trials=$2; shift 2 ;;
      --storm-ramp) storm_ramp=$2; shift 2 ;;
      --phases) phases=$2; shift 2 ;;
      --out) out=$2; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  [[ $duration =~ ^[0-9]+$ && $ramp =~ ^[0-9]+$ && $delay_duration =~ ^[0-9]+$ && $trials =~ ^[1-9][0-9]*$ &&
    $storm_ramp =~ ^[0-9]+$ ]] || die "--duration, --ramp, --delay-duration, --trials and --storm-ramp take whole numbers"
  local n
  for n in $listener_counts; do [[ $n =~ ^[0-9]+$ ]] || die "--listeners takes whole numbers"; done
  for n in $ttls; do [[ $n =~ ^[0-9]+s$ ]] || die "--ttls takes whole seconds like 3s"; done
  for n in $relay_delays; do [[ $n =~ ^[0-9]+s$ ]] || die "--relay-delays takes whole seconds like 8s"; done
  for n in $phases; do [[ $n == overhead || $n == delay || $n == failover || $n == storm ]] || die "unknown phase $n"; done
}

wants() {
  [[ " $phases " == *" $1 "* ]]
}

raise_fd_limit() {
  local need=$1 hard
  hard=$(ulimit -Hn)
  if [[ $hard != unlimited ]] && ((hard < need)); then
    ulimit -Hn "$need" 2>/dev/null || die "open-files hard limit $hard is below the $need needed"
  fi
  ulimit -n "$(ulimit -Hn)"
}

# stop_pid PID: SIGTERM, then SIGKILL after 15 s; only processes this script started.
stop_pid() {
  kill -TERM "$1" 2>/dev/null || return 0
  timeout 15 tail --pid="$1" -f /dev/null 2>/dev/null || kill -KILL "$1" 2>/dev/null || true
}

forget_pid() {
  local keep=() pid
  for pid in "${pids[@]}"; do [[ $pid == "$1" ]] || keep+=("$pid"); done
  pids=("${keep[@]}")
}

stop_nodes() {
  local name
  for name in "${!node_pid[@]}"; do stop_pid "${node_pid[$name]}" & done
  wait
  for name in "${!node_pid[@]}"; do forget_pid "${node_pid[$name]}"; done
  node_pid=()
}

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    timeout 15 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n $pg_dir ]]; then "$repo/scripts/stop-test-postgres.sh" "$pg_dir" || true; fi
  if [[ -n $work ]]; then
    [[ -d $work/logs && -n $out ]] && cp -r "$work/logs" "$out/" 2>/dev/null
    rm -rf "$work"
  fi
}

all_alive() {
  local name
  for name in "${!node_pid[@]}"; do kill -0 "${node_pid[$name]}" 2>/dev/null || return 1; done
}

# wait_for SECONDS WHAT COMMAND...: polls COMMAND; gives up on timeout or when a started node died.
wait_for() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do
    all_alive || die "a node exited while waiting for $what (logs: $out/logs)"
    ((SECONDS < deadline)) || die "timed out after ${limit}s waiting for $what (logs: $out/logs)"
    sleep 0.5
  done
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" || true
}

# The owner of `live` among the running masters: the one answering /live.m3u with 200 (the others redirect).
owner_of_live() {
  local name
  for name in m1 m2; do
    [[ -n ${node_pid[$name]:-} ]] || continue
    if [[ $(http_code "http://127.0.0.1:${http_port[$name]}/live.m3u") == 200 ]]; then
      echo "$name"
      return 0
    fi
  done
  return 1
}

has_owner() {
  owner_of_live >/dev/null
}

# slave_plays [SLAVE]: the slave (s1 unless named) serves audio of /live (its relay connected and caught up).
slave_plays() {
  local got
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 3 "http://127.0.0.1:${http_port[${1:-s1}]}/live" || true)
  [[ ${got% *} == 200 && ${got#* } -gt 0 ]]
}

admin_get() {
  local name=$1 path=$2
  curl -s --max-time 5 -H "Authorization: Bearer $(cat "$work/$name/data/admin.token")" \
    "http://127.0.0.1:${admin_port[$name]}$path"
}

# The owner of live (OWNER) holds at least SECONDS of it: a listener started now can be a whole relay delay behind,
# as on a channel that has been on air for a while.
owner_holds() {
  local owner=$1 seconds=$2 held
  held=$(admin_get "$owner" /api/channels/live | python3 -c 'import json, sys; print(int(json.load(sys.stdin).get("bufferSeconds", 0)))' 2>/dev/null || echo 0)
  ((held >= seconds))
}

relay_json() {
  admin_get s1 /api/channels/live | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin).get("relay")))'
}

# Both masters host a region of the channels' shards and live's entity runs on one of them (nothing moves any more
# once the coordinator spread the shards: with one channel, there is nothing to rebalance).
balanced() {
  local counts
  counts=$(admin_get m1 /api/sharding/regions | python3 -c '
import json, sys
regions = json.load(sys.stdin)
print(len(regions), sum(r.get("entities", 0) for r in regions))' 2>/dev/null || true)
  [[ $counts == "2 "[1-9]* ]]
}

drained() {
  (($(ss -Htn state established "( sport = :$1 )" | wc -l) <= ${2:-0}))
}

proc_cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# cpu_seconds TICKS0 TICKS1: the CPU seconds between two proc_cpu_ticks readings.
cpu_seconds() {
  awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (b - a) / hz }'
}

rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

# Runs a copy of the node's directory and records which build it is: when its assemblies were written, the commit checked
# out, and the source files edited after their project's assembly (a stale or half-finished build).
snapshot_node() {
  local dir
  dir=$(cd "$(dirname "$airwave")" && pwd)
  cp -a "$dir" "$work/node"
  airwave=$work/node/$(basename "$airwave")
  python3 - "$work/node" "$dir" "$repo" "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" >"$out/build.json" <<'PY'
import glob, json, os, sys, time
node, origin, repo, commit = sys.argv[1:]
stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
built = [os.path.getmtime(p) for p in glob.glob(os.path.join(node, "Airwave.*.dll")) + [os.path.join(node, "airwave.dll")]]
newer = []  # sources edited after their own project's assembly was built
for project in sorted(os.listdir(os.path.join(repo, "src"))):
    dll = os.path.join(node, "airwave.dll" if project == "Airwave.Node" else project + ".dll")
    if not os.path.exists(dll):
        continue
    for d, _, files in os.walk(os.path.join(repo, "src", project)):
        if "/obj" in d or "/bin" in d or "node_modules" in d:
            continue
        newer += [os.path.relpath(os.path.join(d, f), repo) for f in files
                  if f.endswith(".cs") and os.path.getmtime(os.path.join(d, f)) > os.path.getmtime(dll)]
print(json.dumps({"node": origin, "assemblies_from": stamp(min(built)), "assemblies_to": stamp(max(built)),
                  "commit": commit, "sources_newer_than_build": newer}))
PY
  if [[ $(<"$out/build.json") != *'"sources_newer_than_build": []'* ]]; then
    echo "warning: source files are newer than the node build (see $out/build.json); the numbers are for the build, not the tree" >&2
  fi
}

start_database() {
  pg_dir=$work/pg
  local env
  env=$("$repo/scripts/start-test-postgres.sh" "$pg_dir" "$pg_port" 2>"$work/logs/postgres-start.log") ||
    die "PostgreSQL did not start: $(tail -5 "$work/logs/postgres-start.log")"
  db=$(sed -n "s/^export AIRWAVE_TEST_POSTGRES='\(.*\)'$/\1/p" <<<"$env")
  [[ -n $db ]] || die "unexpected start-test-postgres.sh output: $env"
  echo "PostgreSQL: $db"
}

# start_node NAME ROLES LEASE_TTL SCHEMA
start_node() {
  local name=$1 roles=$2 ttl=$3 schema=$4 dir=$work/$1
  rm -rf "$dir"
  mkdir -p "$dir/data" "$work/logs"
  cat >"$dir/node.conf" <<EOF
airwave {
  data-dir = "$dir/data"
  node-name = "$name"
  http { port = ${http_port[$name]}, bind = "127.0.0.1" }
  admin.port = ${admin_port[$name]}
  cluster {
    roles = [$roles]
    database = "$db"
    schema = "$schema"
    secret = "$secret"
    advertise-address = "127.0.0.1:${http_port[$name]}"
    port = ${cluster_port[$name]}
    sharding.lease-ttl = $ttl
  }
  relay.delay = $relay_delay
  channels {
    # Above the probe's 20,000 and the keeper: the mount's limit (10,000 by default) is not what is measured.
    live { loop-file = "$fixture", max-listeners = 20100 }
  }
}
EOF
  "$airwave" serve --config "$dir/node.conf" >"$work/logs/$schema-$name.log" 2>&1 &
  pids+=($!)
  node_pid[$name]=$!
}

# cluster SCHEMA TTL NODE...: starts the nodes (m1 and m2 masters, s1 and s2 slaves) and waits until `live` has an owner.
cluster() {
  local schema=$1 ttl=$2 name
  shift 2
  for name in "$@"; do
    if [[ $name == s* ]]; then start_node "$name" slave "$ttl" "$schema"; else start_node "$name" master "$ttl" "$schema"; fi
  done
  for name in "$@"; do wait_for "$startup_seconds" "$name to listen" port_open "${http_port[$name]}"; done
  wait_for 60 "an owner of live" has_owner
}

# --- 1. listeners on the master vs the same listeners on the slave ----------------------------------------------------

# measure_listeners WHERE N: one probe run against WHERE (m1 or s1), with m1's CPU over the same window.
measure_listeners() {
  local where=$1 n=$2 pid=${node_pid[$1]} master=${node_pid[m1]} rss0 mrss0 load c0 c1 t0 t1 result
  # The relay's feed (on m1) or the keeper (on s1) may stay.
  wait_for "$drain_seconds" "listeners on $where to drain" drained "${http_port[$where]}" 1
  if [[ $where == s1 ]]; then
    # The keeper holds the relay open: this run is the steady state, N listeners on a slave whose relay is live.
    wait_for 30 "the slave to play live" slave_plays
  fi
  sleep 2
  rss0=$(rss_kb "$pid")
  mrss0=$(rss_kb "$master")
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "measuring $n listeners on $where for ${ramp}s ramp + ${duration}s"
  c0=$(proc_cpu_ticks "$master")
  t0=$(date +%s.%N)
  result=$(timeout --foreground $((ramp + duration + 60)) "$probe_bin" --url "http://127.0.0.1:${http_port[$where]}/live" \
    -n "$n" --ramp "$ramp" --duration "$duration" --pid "$pid")
  t1=$(date +%s.%N)
  c1=$(proc_cpu_ticks "$master")
  printf '{"where": "%s", "ramp_s": %d, "duration_s": %d, "server_rss_before_kb": %d, "master_rss_before_kb": %d, "master_rss_after_kb": %d, "master_cpu_s": %s, "window_s": %s, "host_loadavg_1m_before": %s, "probe": %s}\n' \
    "$where" "$ramp" "$duration" "$rss0" "$mrss0" "$(rss_kb "$master")" \
    "$(cpu_seconds "$c0" "$c1")" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$load" "$result" >"$out/listeners-$where-$n.json"
}

# Master alone, no listener anywhere: its idle cost (file loop, segmenter, archive, heartbeats, lease renewals).
measure_idle() {
  local master=${node_pid[m1]} c0 c1 seconds=15
  sleep 10 # past the start-up work
  c0=$(proc_cpu_ticks "$master")
  sleep "$seconds"
  c1=$(proc_cpu_ticks "$master")
  printf '{"seconds": %d, "master_cpu_s": %s, "master_rss_kb": %d, "slave_rss_kb": %d}\n' "$seconds" \
    "$(cpu_seconds "$c0" "$c1")" \
    "$(rss_kb "$master")" "$(rss_kb "${node_pid[s1]}")" >"$out/idle.json"
}

# --- 2. relay delay ---------------------------------------------------------------------------------------------------

# Run before anything listened on the slave, so its time to first byte shows a cold relay's start.
measure_delay() {
  echo "measuring the relay delay for ${delay_duration}s (one listener on m1 and one on s1, connected together)"
  [[ $(relay_json) != *'"connected": true'* ]] || die "the slave's relay is already open; the delay run expects a cold one"
  python3 "$here/relay_delay.py" --master "http://127.0.0.1:${http_port[m1]}/live" \
    --slave "http://127.0.0.1:${http_port[s1]}/live" -d "$delay_duration" --json >"$out/delay.json"
}

# start_keeper [SLAVE]: one listener that stays on the slave (s1 unless named) while the listener runs come and go, so
# its relay never closes for lack of listeners in between (see reopen_check for why that matters).
start_keeper() {
  curl -s -o /dev/null --max-time 3600 "http://127.0.0.1:${http_port[${1:-s1}]}/live" &
  pids+=($!)
  keeper=$!
}

idle_closes() {
  grep -c "closing the relay feed" "$work/logs/bench-s1.log" || true
}

idle_closed_since() {
  (($(idle_closes) > $1))
}

# Does a relay that closed for lack of listeners open again for the next one? Lets the keeper go, waits for the idle
# close (airwave.relay.idle-close-after, 10 s), then listens on the slave for 8 s: a working relay delivers the burst
# plus about 8 s of audio (16,000 B/s), a relay that did not reopen only the burst from its old replica.
reopen_check() {
  local before got
  before=$(idle_closes)
  stop_pid "$keeper"
  forget_pid "$keeper"
  echo "checking that the slave's relay reopens after an idle close"
  wait_for 40 "the slave's relay to close for lack of listeners" idle_closed_since "$before"
  sleep 2
  local relay_before
  relay_before=$(relay_json)
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_starttransfer}' --max-time 8 \
    "http://127.0.0.1:${http_port[s1]}/live" || true)
  sleep 1
  read -r code bytes ttfb <<<"$got"
  printf '{"listen_s": 8, "status": %s, "bytes": %s, "ttfb_s": %s, "relay_before": %s, "relay_after": %s, "relaying_lines": %d}\n' \
    "${code:-0}" "${bytes:-0}" "${ttfb:-0}" "$relay_before" "$(relay_json)" \
    "$(grep -c "relaying from" "$work/logs/bench-s1.log" || true)" >"$out/reopen.json"
}

# --- 3. failover gap --------------------------------------------------------------------------------------------------

# failover TTL TRIAL: two masters and a slave in a fresh schema; kill -9 the owner of live under a slave listener.
failover() {
  local ttl=$1 trial=$2 schema="bench_ttl${1%s}_d${relay_delay%s}_$2" owner survivor relay t0
  echo "failover, lease-ttl $ttl, relay delay $relay_delay, trial $trial: starting m1, m2 and s1 (schema $schema)"
  cluster "$schema" "$ttl" m1 m2 s1
  t0=$SECONDS
  wait_for 150 "both masters hosting the channels region" balanced
  echo "  region ready after $((SECONDS - t0))s"
  owner=$(owner_of_live) || die "no owner of live"
  survivor=$([[ $owner == m1 ]] && echo m2 || echo m1)
  [[ $(http_code "http://127.0.0.1:${http_port[$survivor]}/live.m3u") == 307 ]] ||
    die "$survivor does not redirect /live.m3u while $owner owns it"
  wait_for 30 "the slave to play live" slave_plays
  local delay_s=${relay_delay%s}
  wait_for $((delay_s + 60)) "live to hold more than the relay delay" owner_holds "$owner" $((delay_s + 5))
  echo "  $owner owns live; killing it (pid ${node_pid[$owner]}) under a listener on s1"
  disown "${node_pid[$owner]}" # no "Killed" notice from the shell
  # Listen past the end of the delay: a listener that many seconds behind hears a gap only once it played them.
  python3 "$here/gap.py" --url "http://127.0.0.1:${http_port[s1]}/live" --kill "${node_pid[$owner]}" \
    --pre 8 --post $((delay_s + 15)) --max 90 --json >"$work/gap.json"
  forget_pid "${node_pid[$owner]}"
  timeout 10 tail --pid="${node_pid[$owner]}" -f /dev/null 2>/dev/null || true
  unset "node_pid[$owner]"
  relay=$(relay_json)
  printf '{"lease_ttl": "%s", "relay_delay": "%s", "trial": %d, "killed": "%s", "survivor": "%s", "new_owner": "%s", "relay": %s, "host_loadavg_1m": %s, "gap": %s, "timeline": %s}\n' \
    "$ttl" "$relay_delay" "$trial" "$owner" "$survivor" "$(owner_of_live || echo none)" "$relay" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(cat "$work/gap.json")" \
    "$(python3 "$here/timeline.py" "$work/logs/$schema-s1.log" "$work/logs/$schema-$survivor.log" "127.0.0.1:${http_port[$survivor]}")" \
    >"$out/failover-$ttl-$relay_delay-$trial.json"
  stop_nodes
}

# --- 4. reconnect storm ----------------------------------------------------------------------------------------------

# storm N: m1 and the slaves s1 and s2 in a fresh schema. N listeners with session ids connect to s1 over --ramp seconds
# and listen 15 s (three checkpoint intervals: every session has its checkpoint and a progress row); s1 is killed with
# SIGKILL, and 1 s later (a player's reconnect delay) the same N ids connect to s2 over --storm-ramp seconds and listen
# --duration seconds, with s2's CPU and RSS and m1's CPU over that run. A keeper holds s2's relay open meanwhile, as
# s2's own listeners would.
storm() {
  local n=$1 schema="bench_storm_$1" hold=15 first served0 served1 rss0 c0 c1 t0 t1
  echo "storm, $n listeners: starting m1, s1 and s2 (schema $schema)"
  cluster "$schema" 10s m1 s1 s2
  wait_for 30 "s1 to play live" slave_plays s1
  wait_for 30 "s2 to play live" slave_plays s2
  start_keeper s2
  echo "  $n listeners on s1 over ${ramp}s, held ${hold}s"
  "$probe_bin" --url "http://127.0.0.1:${http_port[s1]}/live" --sid storm -n "$n" --ramp "$ramp" \
    --duration $((hold + 60)) --settle 1 >"$work/storm-s1.json" &
  first=$!
  pids+=("$first")
  served0=$(proc_cpu_ticks "${node_pid[s1]}")
  sleep $((ramp + hold))
  served1=$(proc_cpu_ticks "${node_pid[s1]}")
  echo "  killing s1 (pid ${node_pid[s1]}); the listeners come back to s2 over ${storm_ramp}s"
  disown "${node_pid[s1]}"
  kill -KILL "${node_pid[s1]}"
  forget_pid "${node_pid[s1]}"
  unset "node_pid[s1]"
  wait "$first" || die "the probe on s1 failed"
  forget_pid "$first"
  sleep 1
  rss0=$(rss_kb "${node_pid[s2]}")
  c0=$(proc_cpu_ticks "${node_pid[m1]}")
  t0=$(date +%s.%N)
  "$probe_bin" --url "http://127.0.0.1:${http_port[s2]}/live" --sid storm -n "$n" --ramp "$storm_ramp" \
    --duration "$duration" --pid "${node_pid[s2]}" >"$work/storm-s2.json" || die "the probe on s2 failed"
  t1=$(date +%s.%N)
  c1=$(proc_cpu_ticks "${node_pid[m1]}")
  printf '{"listeners": %d, "ramp_s": %d, "hold_s": %d, "s1_cpu_s": %s, "storm_ramp_s": %d, "duration_s": %d, "s2_rss_before_kb": %d, "master_cpu_s": %s, "window_s": %s, "host_loadavg_1m": %s, "before": %s, "after": %s}\n' \
    "$n" "$ramp" "$hold" "$(cpu_seconds "$served0" "$served1")" \
    "$storm_ramp" "$duration" "$rss0" \
    "$(cpu_seconds "$c0" "$c1")" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(cat "$work/storm-s1.json")" "$(cat "$work/storm-s2.json")" >"$out/storm-$n.json"
  stop_pid "$keeper"
  forget_pid "$keeper"
  stop_nodes
}

build_probe() {
  echo "building bench/listener-probe"
  dotnet build "$repo/bench/listener-probe/probe.cs" -c Release -o "$work/probe" -nologo -v quiet >"$work/logs/probe-build.log" 2>&1 ||
    die "building the probe failed: $(tail -20 "$work/logs/probe-build.log")"
  probe_bin=$work/probe/probe
}

main() {
  parse_args "$@"
  local max=0 n ttl trial
  for n in $listener_counts; do if ((n > max)); then max=$n; fi; done
  [[ -f $fixture ]] || die "needs $fixture (the shared/ folder beside the repo)"
  [[ -x $airwave ]] || die "no node executable at $airwave (build src/Airwave.Node in Release, or set AIRWAVE_BIN)"
  for n in "${http_port[@]}" "${admin_port[@]}" "${cluster_port[@]}"; do port_free "$n" || die "port $n is in use"; done
  raise_fd_limit $((max + 1024))

  out=${out:-$(mktemp -d /tmp/relay-overhead.XXXXXX)}
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  work=$(mktemp -d /tmp/relay-overhead-work.XXXXXX)
  chmod 755 "$work" # PostgreSQL runs as postgres and needs to reach its directory
  mkdir -p "$work/logs"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  snapshot_node
  if wants overhead || wants storm; then build_probe; fi
  start_database
  if wants overhead || wants delay; then
    echo "starting master m1 and slave s1 (lease-ttl 10s, schema bench)"
    cluster bench 10s m1 s1
    if wants overhead; then measure_idle; fi
    if wants delay; then
      # The relay's transport alone: the slave restarts with relayed listeners at live.
      stop_nodes
      relay_delay=0s
      cluster bench_delay 10s m1 s1
      measure_delay
      relay_delay=8s
      stop_nodes
      cluster bench 10s m1 s1
    fi
    start_keeper
    wait_for 30 "the slave to play live" slave_plays
    if wants overhead; then
      for n in $listener_counts; do
        measure_listeners m1 "$n"
        measure_listeners s1 "$n"
      done
    fi
    reopen_check
    stop_nodes
  fi
  if wants failover; then
    for ttl in $ttls; do
      for relay_delay in $relay_delays; do
        for ((trial = 1; trial <= trials; trial++)); do failover "$ttl" "$trial"; done
      done
    done
  fi

  if wants storm; then
    for n in $listener_counts; do storm "$n"; done
  fi

  python3 "$here/report.py" "$out" | tee "$out/report.md"
  echo "raw JSON, report and logs: $out"
}

main "$@"

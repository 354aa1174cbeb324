#!/usr/bin/env bash
# A frozen member and the split-brain resolver: how often a healthy member is downed along with one thawed from a freeze.
# Three nodes on loopback against a throwaway PostgreSQL (masters 1 and 2, slave 3; node 1, the lowest address, is the
# leader that decides). Each round freezes master 2 (or, with --freeze leader, node 1, so that master 2 becomes the
# leader that decides) with SIGSTOP for the next of --freezes seconds, thaws it, waits until
# the cluster has settled (three members Up and reachable, or a member's process gone), and records who was downed:
# the frozen member (expected once the resolver decided while it was frozen), and any healthy one (the race docs/cluster.md
# describes: a thawed member that has seen the current gossip counts as "indirectly connected" together with every
# member whose unreachable record of it has not reached the leader yet). Downed nodes are started again before the next
# round. Prints a Markdown table per freeze length and the healthy members' decisions that downed another member.
#
#   bench/frozen-member/run.sh [--rounds 66] [--freezes "5.4 5.6 5.8 6.0 6.2 6.4 6.6 6.8 7.0 7.2 7.4"]
#                              [--freeze master|leader] [--akka 'cluster.unreachable-nodes-reaper-interval = 250ms']
#                              [--keep-logs]
#
# The freezes that matter are the ones that end close to the resolver's decision (unreachable after about 3–4 s, then
# stable-after, 3 s); --akka adds settings inside the nodes' akka { } block, to compare timings or Akka's own resolver
# (--akka 'cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"'). AIRWAVE_BIN overrides
# the node executable (default: the Release build in src/Airwave.Node/bin; nothing is built).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
airwave=${AIRWAVE_BIN:-$repo/src/Airwave.Node/bin/Release/net10.0/airwave}
rounds=66
freezes="5.4 5.6 5.8 6.0 6.2 6.4 6.6 6.8 7.0 7.2 7.4"
akka=""
keep_logs=""
frozen=2
pg_port=55493
token=frozen-member-bench-token
work=$(mktemp -d /tmp/frozen-member.XXXXXX)
chmod 755 "$work"
declare -A pid=()

die() { echo "frozen-member: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --freezes) freezes=$2; shift 2 ;;
    --akka) akka=$2; shift 2 ;;
    --freeze)
      case $2 in master) frozen=2 ;; leader) frozen=1 ;; *) die "--freeze takes master or leader, not $2" ;; esac
      shift 2 ;;
    --keep-logs) keep_logs=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done
[[ -x $airwave ]] || die "no node executable at $airwave (build src/Airwave.Node in Release, or set AIRWAVE_BIN)"

cleanup() {
  local p
  # A node left stopped would keep its SIGTERM pending forever.
  # All three leaving at once can outlast their shutdown timeouts; what is left after 20 s is killed, quietly.
  {
    for p in "${pid[@]}"; do kill -CONT "$p" || true; kill -TERM "$p" || true; done
    for p in "${pid[@]}"; do timeout 20 tail --pid="$p" -f /dev/null || kill -KILL "$p" || true; done
    wait
  } 2>/dev/null
  [[ -d $work/pg ]] && "$repo/scripts/stop-test-postgres.sh" "$work/pg" >/dev/null 2>&1 || true
  if [[ -n $keep_logs ]]; then echo "logs in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

env=$("$repo/scripts/start-test-postgres.sh" "$work/pg" "$pg_port" 2>"$work/pg-start.log") || die "PostgreSQL did not start: $(tail -5 "$work/pg-start.log")"
db=$(sed -n "s/^export AIRWAVE_TEST_POSTGRES='\(.*\)'$/\1/p" <<<"$env")

http() { echo $((18800 + $1)); }
admin() { echo $((19800 + $1)); }
remoting() { echo $((18900 + $1)); }

for i in 1 2 3; do
  mkdir -p "$work/n$i"
  cat >"$work/n$i/node.conf" <<CONF
airwave {
  data-dir = "$work/n$i/data"
  http { port = $(http "$i"), bind = "127.0.0.1" }
  admin { port = $(admin "$i"), token = "$token" }
  cluster {
    roles = [$([[ $i -le 2 ]] && echo master || echo slave)]
    database = "$db"
    secret = "frozen-member-bench-secret-0123456789"
    advertise-address = "127.0.0.1:$(http "$i")"
    port = $(remoting "$i")
  }
}
akka { $akka }
CONF
done

start() {
  "$airwave" serve --config "$work/n$1/node.conf" >>"$work/n$1.log" 2>&1 &
  pid[$1]=$!
}

alive() { kill -0 "${pid[$1]}" 2>/dev/null; }

# Members Up and reachable, as a member that is not frozen sees them (the leader, unless it is the one frozen).
observer=$((frozen == 1 ? 2 : 1))
healthy_nodes=$( ((frozen == 1)) && echo "2 3" || echo "1 3")
declare -A role=([1]=leader [2]=master [3]=slave)
((frozen == 1)) && role[1]="old leader" && role[2]="master (new leader)"
up_reachable() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$(admin "$observer")/api/cluster/members" 2>/dev/null |
    python3 -c 'import json,sys; print(sum(1 for m in json.load(sys.stdin)["members"] if m["status"] == "Up" and m["reachable"]))' 2>/dev/null ||
    echo 0
}

wait_formed() {
  for _ in $(seq 1 1200); do
    [[ $(up_reachable) == 3 ]] && return 0
    sleep 0.1
  done
  die "the three nodes did not form a cluster in 120 s; logs in $work (--keep-logs keeps them)"
}

start 1
sleep 3 # the first node forms the cluster alone, so it is the oldest member as well as the lowest address
start 2
start 3
wait_formed

declare -A tried=() frozen_downed=() healthy_downed=()
read -ra lengths <<<"$freezes"
for ((round = 0; round < rounds; round++)); do
  f=${lengths[round % ${#lengths[@]}]}
  kill -STOP "${pid[$frozen]}"
  sleep "$f"
  kill -CONT "${pid[$frozen]}"
  sleep 4
  # Settled: all three Up and reachable again, or a member downed (its process exits once it hears it).
  for _ in $(seq 1 300); do
    alive 1 && alive 2 && alive 3 || break
    [[ $(up_reachable) == 3 ]] && break
    sleep 0.1
  done
  sleep 2 # a member downed with another exits a moment later
  tried[$f]=$((${tried[$f]:-0} + 1))
  alive "$frozen" || frozen_downed[$f]=$((${frozen_downed[$f]:-0} + 1))
  healthy=""
  for i in $healthy_nodes; do alive "$i" || healthy+=" ${role[$i]}"; done
  [[ -n $healthy ]] && healthy_downed[$f]="${healthy_downed[$f]:-}${healthy# }; "
  for i in 1 2 3; do
    if ! alive "$i"; then
      wait "${pid[$i]}" 2>/dev/null || true
      start "$i"
    fi
  done
  wait_formed
done

echo "| freeze, s | rounds | frozen member downed | healthy members downed |"
echo "| ---: | ---: | ---: | --- |"
for f in "${lengths[@]}"; do
  [[ -n ${tried[$f]:-} ]] || continue
  echo "| $f | ${tried[$f]} | ${frozen_downed[$f]:-0} | ${healthy_downed[$f]:-none} |"
done
echo
# The frozen member's own resolver decides too once it is thawed and shut out (it downs itself); only the healthy
# members' decisions can take a healthy member down. Akka's resolver logs "SBR took decision", the node's own provider
# "downing: ..." (it downs only members the leader cannot hear, so an indirectly connected decision is Akka's).
echo "Decisions taken by a healthy member that downed a member other than the frozen one:"
frozen_port=":$(remoting "$frozen")"
decisions=$(for i in $healthy_nodes; do
  grep -h "took decision .*IndirectlyConnected\|downing: downing\|downing: .* this side goes down" "$work/n$i.log" |
    grep -v "downing: downing akka[.a-z]*://airwave@127.0.0.1$frozen_port, unreachable" | sed "s/^/n$i /; s/, full reachability status.*//" || true
done)
echo "${decisions:-(none)}"

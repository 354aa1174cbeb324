#!/usr/bin/env bash
# Relay transports side by side (issue 11): the node's HTTP chunk feed vs Akka.Streams StreamRefs, in two processes
# on loopback carrying the same frames (0.5 s chunks of a 128 kbps channel, 8,033 B each with headers). Measures per
# transport: chunk latency and both processes' CPU with --feeds paced relays, bulk throughput (one relay catching up
# --bulk-chunks chunks), and how long a relay takes to notice that its producer died (SIGKILL) or froze (SIGSTOP).
# Prints Markdown tables; raw JSON lines go to --out.
#
#   bench/relay-transport/run.sh [--feeds "100 500"] [--seconds 20] [--bulk-chunks 30000] [--trials 3] [--out DIR]
#
# The HTTP relay gives up after 3 s without a byte (RelayFeed.ReadTimeout: three missed 1 s heartbeats); the StreamRef
# relay uses IdleTimeout(1s), the shortest that is safe at two chunks a second.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
feeds_list="100 500"
seconds=20
bulk_chunks=30000
trials=3
out=$(mktemp -d /tmp/relay-transport.XXXXXX)
while [[ $# -gt 0 ]]; do
  case $1 in
    --feeds) feeds_list=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --bulk-chunks) bulk_chunks=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --out) out=$2; mkdir -p "$out"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

dotnet build -c Release "$repo/bench/Airwave.Relay.Benchmarks" -v q -nologo >/dev/null
bench=$repo/bench/Airwave.Relay.Benchmarks/bin/Release/net10.0/Airwave.Relay.Benchmarks
port=18561
producer=

start_producer() {
  "$bench" produce "$1" $port >>"$out/producer.err" 2>&1 &
  producer=$!
  sleep 3
}

stop_producer() {
  kill -CONT "$producer" 2>/dev/null || true
  kill -9 "$producer" 2>/dev/null || true
  wait "$producer" 2>/dev/null || true
}
trap stop_producer EXIT

# Akka logs to stdout: keep the consumer's result lines, the rest goes to consumer.err.
results() { tee -a "$out/consumer.err" | grep '^{'; }

declare -A idle_ms=([http]=3000 [streamref]=1000)
for transport in http streamref; do
  for feeds in $feeds_list; do
    start_producer $transport
    "$bench" consume $transport $port "$producer" paced "$feeds" 5 "$seconds" 2>>"$out/consumer.err" | results >>"$out/paced.jsonl"
    stop_producer
  done

  start_producer $transport
  "$bench" consume $transport $port "$producer" bulk "$bulk_chunks" 2>>"$out/consumer.err" | results >>"$out/bulk.jsonl"
  stop_producer

  for signal in KILL STOP; do
    for trial in $(seq "$trials"); do
      start_producer $transport
      "$bench" consume $transport $port "$producer" until-end "${idle_ms[$transport]}" >"$out/end.txt" 2>>"$out/consumer.err" &
      consumer=$!
      sleep 3
      at=$(date +%s.%N)
      kill -$signal "$producer"
      wait $consumer || true
      read -r ended why < <(grep -E '^[0-9]+\.[0-9]+ ' "$out/end.txt")
      python3 -c "import json,sys; print(json.dumps({'transport':sys.argv[1],'signal':sys.argv[2],'seconds':round(float(sys.argv[3])-float(sys.argv[4]),2),'why':sys.argv[5]}))" \
        $transport $signal "$ended" "$at" "$why" >>"$out/end.jsonl"
      stop_producer
    done
  done
done

python3 "$here/report.py" "$out"
echo "raw results: $out" >&2

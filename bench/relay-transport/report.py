"""Prints the Markdown tables of bench/relay-transport/run.sh from its JSON lines."""
import json
import sys
from collections import defaultdict
from pathlib import Path

out = Path(sys.argv[1])


def lines(name):
    path = out / name
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


print("| transport | relays | chunks | out of order | latency p50 / p99 / max | producer CPU | consumer CPU |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in lines("paced.jsonl"):
    print(f"| {r['transport']} | {r['feeds']} | {r['chunks']} | {r['out_of_order']} | {r['latency_ms_p50']} / {r['latency_ms_p99']} / {r['latency_ms_max']} ms "
          f"| {r['producer_cpu_pct']} % | {r['consumer_cpu_pct']} % |")
print()
print("| transport | bulk: MB/s | producer CPU | consumer CPU |")
print("| --- | ---: | ---: | ---: |")
for r in lines("bulk.jsonl"):
    print(f"| {r['transport']} | {r['mb_per_s']} | {r['producer_cpu_pct']} % | {r['consumer_cpu_pct']} % |")
print()
ends = defaultdict(list)
whys = {}
for r in lines("end.jsonl"):
    ends[(r['transport'], r['signal'])].append(r['seconds'])
    whys[(r['transport'], r['signal'])] = r['why']
print("| transport | producer | noticed after (each trial) | how |")
print("| --- | --- | --- | --- |")
for (transport, signal), seconds in ends.items():
    print(f"| {transport} | {'killed (SIGKILL)' if signal == 'KILL' else 'frozen (SIGSTOP)'} | {', '.join(f'{s:.2f} s' for s in seconds)} | {whys[(transport, signal)][:90]} |")

#!/usr/bin/env python3
"""Where a node's CPU goes while listeners connect, stay and leave, thread by thread, for run.sh --threads.

    threads.py sample PID OUT                       # every second until killed: each thread's CPU ticks and context switches
    threads.py report OUT START RAMP DURATION N     # one Markdown row per window: the ramp, all connected, after they left
    threads.py compiling OUT START RAMP N           # one line: the tiered-compilation thread's CPU, second by second over the ramp
    threads.py --header

Threads are grouped by name, as the runtime names them: the tiered-compilation thread (methods compiled again at tier 1
in the background), the thread pool's workers, the socket engine's event threads, the timer thread, the node's own
(airwave-*: the epoll threads of the hang-up watch and of kept-alive requests) and the rest. A thread that ends between
two samples loses its CPU of that second (the pool retires a worker idle for 20 s).
"""
import collections
import json
import os
import sys
import time

GROUPS = (
    (".NET Tiered Com", "tiered compilation"),
    (".NET TP Worker", "pool workers"),
    (".NET Sockets", "socket events"),
    (".NET Timer", "timer"),
    ("airwave-", "the node's epoll threads"),
)
COLUMNS = [name for _, name in GROUPS] + ["other"]


def group(comm):
    return next((name for prefix, name in GROUPS if comm.startswith(prefix)), "other")


def sample(pid, out):
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    with open(out, "w") as f:
        while True:
            try:
                with open(f"/proc/{pid}/stat") as s:
                    state = s.read().rsplit(")", 1)[1].split()[0]
                tids = os.listdir(f"/proc/{pid}/task")
            except FileNotFoundError:
                return  # the node has stopped
            if state == "Z":
                return  # the node has stopped, and nothing has waited for it yet
            threads = {}
            for tid in tids:
                try:
                    with open(f"/proc/{pid}/task/{tid}/stat") as s:
                        stat = s.read()
                    with open(f"/proc/{pid}/task/{tid}/status") as s:
                        status = dict(line.split(":", 1) for line in s.read().splitlines() if ":" in line)
                except (FileNotFoundError, ProcessLookupError):
                    continue
                comm = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                cpu = (int(fields[11]) + int(fields[12])) / ticks_per_second
                switches = int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"])
                threads[tid] = [comm, cpu, switches]
            f.write(json.dumps({"t": time.time(), "threads": threads}) + "\n")
            f.flush()
            time.sleep(1)


def seconds(out):
    """(time, {group: [cpu s, switches]}) for each second between two samples, from the threads alive at its end (a
    thread started in it counts from its start)."""
    with open(out) as f:
        rows = [json.loads(line) for line in f]
    for before, after in zip(rows, rows[1:]):
        groups = collections.defaultdict(lambda: [0.0, 0])
        for tid, (comm, cpu, switches) in after["threads"].items():
            _, cpu0, switches0 = before["threads"].get(tid, [comm, 0.0, 0])
            groups[group(comm)][0] += cpu - cpu0
            groups[group(comm)][1] += switches - switches0
        yield after["t"], groups


def report(out, start, ramp, duration, n):
    windows = (("ramp", 0, ramp), ("all connected", ramp, ramp + duration), ("2 s after they left", ramp + duration, ramp + duration + 2))
    samples = list(seconds(out))
    for name, a, b in windows:
        groups = collections.defaultdict(lambda: [0.0, 0])
        for t, second in samples:
            if a < t - start <= b:
                for key, (cpu, switches) in second.items():
                    groups[key][0] += cpu
                    groups[key][1] += switches
        cells = " | ".join(f"{groups[column][0]:.2f}" for column in COLUMNS)
        print(f"| {n} | {name} | {sum(cpu for cpu, _ in groups.values()):.2f} | {cells} | {sum(s for _, s in groups.values())} |")


def compiling(out, start, ramp, n):
    series = [second["tiered compilation"][0] for t, second in seconds(out) if 0 < t - start <= ramp]
    busiest = sum(sorted(series, reverse=True)[:2])
    print(f"{n} listeners, the tiered-compilation thread's CPU second by second over the ramp (ms): "
          f"{' '.join(f'{cpu * 1000:.0f}' for cpu in series)}; the two busiest seconds {busiest:.2f} s of {sum(series):.2f} s")


def main(argv):
    if argv[1:] == ["--header"]:
        print(f"| listeners | window | CPU s, all threads | {' | '.join(COLUMNS)} | context switches |")
        print("|---|---|---|" + "---|" * len(COLUMNS) + "---|")
    elif argv[1] == "sample":
        sample(int(argv[2]), argv[3])
    elif argv[1] == "report":
        report(argv[2], float(argv[3]), float(argv[4]), float(argv[5]), int(argv[6]))
    elif argv[1] == "compiling":
        compiling(argv[2], float(argv[3]), float(argv[4]), int(argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

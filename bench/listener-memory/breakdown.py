#!/usr/bin/env python3
"""Where a node's marginal memory went between two copies of its /proc/PID/smaps taken by run.sh, as one Markdown row;
--header prints the table's head.

    breakdown.py BEFORE.smaps HOLD.smaps LISTENERS
    breakdown.py --header

The resident bytes of each mapping in /proc/PID/smaps are sorted into:
- GC: the anonymous mappings that lie in one run of at least 1 GiB. The GC reserves its whole address range at start
  (256 GiB with regions) and commits pieces of it, so its pieces are adjacent; the C heap's arenas reserve 64 MiB each.
- JIT code: executable memory the runtime wrote (the W^X double mapping, or anonymous executable pages without it).
- mapped files: pages of the assemblies, ReadyToRun code and native libraries read from disk.
- other native: the rest (the C heap, where the JIT and the runtime keep their data; thread stacks).
Nothing is asked of the node: a first call to its admin API would compile code and count it as the listeners'.
"""
import re
import sys

GC_RUN_MIN_KB = 1024 * 1024
MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$")


def mappings(path):
    """(start, end, perms, name, rss_kb) for each mapping, in address order as smaps lists them."""
    result = []
    with open(path) as smaps:
        for line in smaps:
            head = MAPPING.match(line)
            if head:
                result.append([int(head.group(1), 16), int(head.group(2), 16), head.group(3), head.group(4).strip(), 0])
            elif line.startswith("Rss:"):
                result[-1][4] = int(line.split()[1])
    return result


def resident_by_kind(path):
    maps = mappings(path)
    kinds = {"gc": 0, "jit": 0, "files": 0, "other": 0}
    # Runs of adjacent anonymous mappings; the GC's is the one that spans its reservation.
    run_start = 0
    for i, mapping in enumerate(maps):
        start, name = mapping[0], mapping[3]
        joins_previous = i > 0 and not name and not maps[i - 1][3] and maps[i - 1][1] == start
        if not joins_previous:
            run_start = i
        mapping.append(run_start)
    run_size = {}
    for start, end, perms, name, rss, run in maps:
        if not name:
            run_size[run] = run_size.get(run, 0) + (end - start) // 1024
    for start, end, perms, name, rss, run in maps:
        if "doublemapper" in name or (not name and "x" in perms):
            kinds["jit"] += rss
        elif not name and run_size[run] >= GC_RUN_MIN_KB:
            kinds["gc"] += rss
        elif name.startswith("/"):
            kinds["files"] += rss
        else:
            kinds["other"] += rss
    return kinds


def main(argv):
    if argv[1:] == ["--header"]:
        print("| listeners | RSS at hold − before, MB (KB/listener) | GC MB (KB/listener) | JIT code MB | mapped files MB "
              "| other native MB |")
        print("|---|---|---|---|---|---|")
        return
    before, hold, listeners = argv[1], argv[2], int(argv[3])
    a, b = resident_by_kind(before), resident_by_kind(hold)
    delta = {kind: (b[kind] - a[kind]) / 1024 for kind in a}
    total = sum(delta.values())
    print(f"| {listeners} | {total:.1f} ({total * 1024 / listeners:.1f}) | {delta['gc']:.1f} ({delta['gc'] * 1024 / listeners:.1f}) "
          f"| {delta['jit']:.1f} | {delta['files']:.1f} | {delta['other']:.1f} |")


if __name__ == "__main__":
    main(sys.argv)

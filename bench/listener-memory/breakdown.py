#!/usr/bin/env python3
"""Where a node's marginal memory went between two copies of its /proc/PID/smaps taken by run.sh, as one Markdown row;
--header prints the table's head.

    breakdown.py [--region BYTES] BEFORE.smaps HOLD.smaps LISTENERS [IDLE_BEFORE.smaps IDLE_HOLD.smaps]
    breakdown.py --header
    breakdown.py --region-of RUNTIMECONFIG.json [VAR=VALUE ...]

With 0 listeners the row is the idle node's: how much a node with no listener grows over the same window on its own
(its rewind buffers fill, its own code is compiled at tier 1, timers run). Given that idle node's two copies, a row
for listeners also says what each costs net of that growth.

The resident bytes of each mapping in /proc/PID/smaps are sorted into:
- GC: the GC's regions. The GC reserves its whole address range at start (256 GiB with regions) and commits regions in
  it, each on a boundary of its region size (--region; 4 MiB unless configured), so they are the anonymous mappings on
  such a boundary in the run of adjacent anonymous mappings around the largest one (its uncommitted rest). Other
  mappings the kernel put next to it (thread stacks, arenas) are not. --region-of prints the region size a node runs
  with: DOTNET_GCRegionSize among the given environment (hex, as the runtime reads it), else System.GC.RegionSize in its
  runtimeconfig.json, else the runtime's default.
- C heap: glibc's main heap and its arenas, each a 64 MiB reservation on a 64 MiB boundary, committed as it grows. The
  JIT and the runtime keep their data here.
- JIT code: executable memory the runtime wrote (the W^X double mapping, or anonymous executable pages without it).
- mapped files: pages of the assemblies, ReadyToRun code and native libraries read from disk.
- other native: the rest (thread stacks, the runtime's own reservations).
Nothing is asked of the node: a first call to its admin API would compile code and count it as the listeners'.
"""
import json
import re
import sys

ARENA = 64 << 20
DEFAULT_REGION = 4 << 20
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


def arena_indexes(maps):
    """The mappings that make up glibc's arenas: adjacent anonymous pieces from a 64 MiB boundary that span 64 MiB."""
    found = set()
    for i, (start, end, perms, name, rss) in enumerate(maps):
        if name or start % ARENA:
            continue
        last = i
        while end - start < ARENA and last + 1 < len(maps) and not maps[last + 1][3] and maps[last + 1][0] == end:
            last += 1
            end = maps[last][1]
        if end - start == ARENA:
            found.update(range(i, last + 1))
    return found


def region_of(runtimeconfig, environment):
    """The GC's region size for a node started with ENVIRONMENT (VAR=VALUE strings) and RUNTIMECONFIG."""
    for assignment in environment:
        name, _, value = assignment.partition("=")
        if name == "DOTNET_GCRegionSize":
            return int(value, 16)
    with open(runtimeconfig) as f:
        options = json.load(f).get("runtimeOptions", {}).get("configProperties", {})
    return int(options.get("System.GC.RegionSize", DEFAULT_REGION))


def gc_indexes(maps, arenas, region):
    """The committed regions around the largest anonymous mapping, the rest of the GC's reservation."""
    anonymous = [i for i, m in enumerate(maps) if not m[3] and i not in arenas]
    largest = max(anonymous, key=lambda i: maps[i][1] - maps[i][0])
    low = high = largest
    while low - 1 in anonymous and maps[low - 1][1] == maps[low][0]:
        low -= 1
    while high + 1 in anonymous and maps[high][1] == maps[high + 1][0]:
        high += 1
    return {i for i in range(low, high + 1) if maps[i][0] % region == 0 and "w" in maps[i][2]}


def resident_by_kind(path, region):
    maps = mappings(path)
    arenas = arena_indexes(maps)
    gc = gc_indexes(maps, arenas, region)
    kinds = {"gc": 0, "c_heap": 0, "jit": 0, "files": 0, "other": 0}
    for i, (start, end, perms, name, rss) in enumerate(maps):
        if "doublemapper" in name or (not name and "x" in perms):
            kinds["jit"] += rss
        elif i in gc:
            kinds["gc"] += rss
        elif i in arenas or name == "[heap]":
            kinds["c_heap"] += rss
        elif name.startswith("/"):
            kinds["files"] += rss
        else:
            kinds["other"] += rss
    return kinds


def growth(before, hold, region):
    """MB each kind grew by from BEFORE to HOLD."""
    a, b = resident_by_kind(before, region), resident_by_kind(hold, region)
    return {kind: (b[kind] - a[kind]) / 1024 for kind in a}


def main(argv):
    if argv[1:] == ["--header"]:
        print("| listeners | RSS at hold − before, MB (KB/listener) | net of the idle node, KB/listener | GC MB (KB/listener) "
              "| C heap MB | JIT code MB | mapped files MB | other native MB |")
        print("|---|---|---|---|---|---|---|---|")
        return
    if argv[1] == "--region-of":
        print(region_of(argv[2], argv[3:]))
        return
    region = DEFAULT_REGION
    if argv[1] == "--region":
        region, argv = int(argv[2]), argv[:1] + argv[3:]
    before, hold, listeners = argv[1], argv[2], int(argv[3])
    delta = growth(before, hold, region)
    total = sum(delta.values())
    if listeners == 0:
        print(f"| none (idle node) | {total:.1f} | | {delta['gc']:.1f} | {delta['c_heap']:.1f} | {delta['jit']:.1f} "
              f"| {delta['files']:.1f} | {delta['other']:.1f} |")
        return
    net = f"{(total - sum(growth(argv[4], argv[5], region).values())) * 1024 / listeners:.1f}" if len(argv) > 5 else ""
    print(f"| {listeners} | {total:.1f} ({total * 1024 / listeners:.1f}) | {net} "
          f"| {delta['gc']:.1f} ({delta['gc'] * 1024 / listeners:.1f}) "
          f"| {delta['c_heap']:.1f} | {delta['jit']:.1f} | {delta['files']:.1f} | {delta['other']:.1f} |")


if __name__ == "__main__":
    main(sys.argv)

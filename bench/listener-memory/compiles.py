#!/usr/bin/env python3
"""What the runtime compiled between two copies of a node's perf map (/tmp/perf-PID.map, written with
DOTNET_PerfMapEnabled=3) taken by run.sh --compiles, as one Markdown row; --header prints the table's head.

    compiles.py BEFORE.map HOLD.map LISTENERS
    compiles.py --header

The runtime appends a line to the map for every piece of code it writes: "ADDRESS SIZE NAME", with the code's tier at
the end of a method's name ([OptimizedTier1]: compiled again at tier 1 after its ReadyToRun or tier-0 code ran 30
times; [QuickJitted]: tier 0, for a method without ReadyToRun code, such as a framework generic over one of our types)
and "stub ..." for the stubs it generates. So the lines after the first copy's are what was compiled in the window.
The sizes are code bytes only; the runtime's own data for each method (headers, unwind and GC information, precode
stubs) is on top, in the JIT code column of breakdown.py.
"""
import collections
import re
import sys

TIER = re.compile(r"\[(\w+)\]$")
ASSEMBLY = re.compile(r"\[([\w.]+)\] ")


def compiled(before, hold):
    """(size, name) of each line of HOLD past BEFORE's length: the map is only appended to."""
    with open(before) as f:
        skip = sum(1 for _ in f)
    result = []
    with open(hold) as f:
        for index, line in enumerate(f):
            parts = line.rstrip("\n").split(" ", 2)
            if index >= skip and len(parts) == 3:
                result.append((int(parts[1], 16), parts[2]))
    return result


def main(argv):
    if argv[1:] == ["--header"]:
        print("| listeners | methods compiled in the window | at tier 1 | at tier 0 | code KB | stubs KB | most code, by assembly (KB) |")
        print("|---|---|---|---|---|---|---|")
        return
    before, hold, listeners = argv[1], argv[2], int(argv[3])
    tiers = collections.Counter()
    code = stubs = 0
    by_assembly = collections.Counter()
    for size, name in compiled(before, hold):
        if name.startswith("stub "):
            stubs += size
            continue
        tier = TIER.search(name)
        tiers[tier.group(1) if tier else "other"] += 1
        code += size
        assembly = ASSEMBLY.search(name)
        by_assembly[assembly.group(1) if assembly else "dynamic"] += size
    top = ", ".join(f"{name} {size / 1024:.0f}" for name, size in by_assembly.most_common(4))
    label = "none (idle node)" if listeners == 0 else f"{listeners}"
    print(f"| {label} | {sum(tiers.values())} | {tiers['OptimizedTier1']} | {tiers['QuickJitted']} "
          f"| {code / 1024:.0f} | {stubs / 1024:.0f} | {top} |")


if __name__ == "__main__":
    main(sys.argv)

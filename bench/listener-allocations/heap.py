#!/usr/bin/env python3
"""Reads `dotnet-gcdump report` output: the live heap, and the types with about one object per listener (or two),
with the size of one of them, the bytes a listener holds by way of them, and their sum.

    python3 heap.py REPORT.txt LISTENERS
"""
import re
import sys

report, listeners = sys.argv[1], int(sys.argv[2])
heap = objects = None
rows = []
for line in open(report, encoding="utf-8"):
    if m := re.match(r"\s*([\d,]+)\s+GC Heap bytes", line):
        heap = int(m.group(1).replace(",", ""))
    elif m := re.match(r"\s*([\d,]+)\s+GC Heap objects", line):
        objects = int(m.group(1).replace(",", ""))
    elif m := re.match(r"\s*([\d,]+)\s+([\d,]+)\s+(.+?)\s*$", line):
        size, count, name = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", "")), m.group(3)
        # The report gives one object's size for a type's row; types with arrays over a size are bucketed by name.
        if "(Bytes >" not in name and any(0.98 * k * listeners <= count <= 1.05 * k * listeners for k in (1, 2)):
            rows.append((size * count / listeners, size, count, name))

if heap is None:
    sys.exit(f"heap.py: no heap total in {report}")
print(f"live heap {heap / 1e6:.2f} MB, {objects:,} objects; {heap / listeners:.0f} bytes per listener in all")
print()
print("| bytes per listener | one object | objects | type |")
print("| ---: | ---: | ---: | --- |")
for per, size, count, name in sorted(rows, reverse=True):
    print(f"| {per:.0f} | {size} | {count:,} | `{name}` |")
print(f"| **{sum(r[0] for r in rows):.0f}** | | | the types above |")

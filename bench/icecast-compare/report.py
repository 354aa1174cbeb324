#!/usr/bin/env python3
"""Turns the JSON files run.sh writes (DIR/<server>-<position>-<listeners>.json) into one Markdown table per
listener count, in the order they ran, with an Airwave/Icecast ratio row for CPU and memory when both servers ran.
Every count after the first is measured on servers that have served the ones before it (warm). CPU is given over the
whole run (the ramp included) and over the steady window alone, once every listener is connected.

  report.py DIR 1000 3000
"""
import json
import os
import sys

SERVERS = ["icecast", "airwave"]
COLUMNS = ["server", "connected", "not served", "early disconnects", "read errors", "TTFB p50 ms", "TTFB p99 ms",
           "bytes/s per listener (median / min, steady window)", "longest silence s (p99 / max)", "CPU s", "CPU % of one core", "CPU %, all connected", "RSS before MB", "peak RSS MB",
           "marginal RSS KB/listener"]
RATIO_COLUMNS = ["CPU s", "CPU % of one core", "CPU %, all connected", "peak RSS MB", "marginal RSS KB/listener"]


def row(run):
    p = run["probe"]
    n = p["listeners"]
    peak_kb = p["server_rss_peak_mb"] * 1024
    return {
        "server": run["server"],
        "connected": f'{p["ok"]}/{n}',
        "not served": n - p["ok"],
        "early disconnects": p["closed_early"],
        "read errors": p["errors"],
        "TTFB p50 ms": p["ttfb_ms_p50"],
        "TTFB p99 ms": p["ttfb_ms_p99"],
        "bytes/s per listener (median / min, steady window)":
            f'{round(p["rate_bytes_per_s_median"] or 0)} / {round(p["rate_bytes_per_s_min"] or 0)}',
        "longest silence s (p99 / max)": f'{p["gap_s_p99"]} / {p["gap_s_max"]}',
        "CPU s": p["server_cpu_s"],
        "CPU % of one core": p["server_cpu_pct"],
        "CPU %, all connected": p["server_cpu_pct_window"],
        "RSS before MB": round(run["server_rss_before_kb"] / 1024, 1),
        "peak RSS MB": p["server_rss_peak_mb"],
        "marginal RSS KB/listener": round((peak_kb - run["server_rss_before_kb"]) / n, 2),
    }


def ratio_row(icecast, airwave):
    cells = {c: "" for c in COLUMNS}
    cells["server"] = "**Airwave / Icecast**"
    for c in RATIO_COLUMNS:
        cells[c] = f"{airwave[c] / icecast[c]:.2f}×" if icecast[c] and airwave[c] is not None else "n/a"
    return cells


def table(directory, position, n):
    runs = {}
    for server in SERVERS:
        path = os.path.join(directory, f"{server}-{position}-{n}.json")
        if os.path.exists(path):
            with open(path) as f:
                runs[server] = json.load(f)
    if not runs:
        return f"## {n} listeners\n\nno runs found\n"
    rows = [row(r) for r in runs.values()]
    if len(rows) == 2:
        rows.append(ratio_row(*rows))
    first = next(iter(runs.values()))
    loads = ", ".join(f'{s} {r["host_loadavg_1m_before"]}' for s, r in runs.items())
    served_before = "fresh servers" if position == 1 else f"servers that have served the {position - 1} count(s) before"
    lines = [f"## {n} listeners ({first['ramp_s']} s ramp-up + {first['duration_s']} s listening; {served_before})",
             "",
             f"host: {os.cpu_count()} cores; 1-minute load average before each run: {loads}",
             "",
             "| " + " | ".join(COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def main():
    directory, counts = sys.argv[1], sys.argv[2:]
    print("\n".join(table(directory, position, n) for position, n in enumerate(counts, start=1)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Turns the JSON files run.sh writes into Markdown tables: listeners on the master vs on the slave (per count),
the relay delay, the failover gap per lease TTL, and the reconnect storm per count.

  report.py DIR
"""
import glob
import json
import os
import re
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def table(columns, rows):
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(columns))) + "|"]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def listeners(directory):
    runs = {}
    for path in glob.glob(os.path.join(directory, "listeners-*-*.json")):
        where, n = re.match(r"listeners-(\w+)-(\d+)\.json", os.path.basename(path)).groups()
        runs.setdefault(int(n), {})[where] = load(path)
    if not runs:
        return ""
    columns = ["listeners", "served by", "connected", "early disconnects", "TTFB p50 ms", "TTFB p99 ms",
               "bytes/s per listener once all connected, median / min", "serving node CPU s",
               "serving node CPU % of one core (once all connected)", "serving node RSS before MB",
               "serving node peak RSS MB", "master CPU s (same window)", "master CPU % of one core"]
    rows, loads = [], []
    for n in sorted(runs):
        cpu = {}
        for where in ("m1", "s1"):
            if where not in runs[n]:
                continue
            r = runs[n][where]
            p = r["probe"]
            cpu[where] = (p["server_cpu_s"], r["master_cpu_s"])
            loads.append(f'{n} on {"master" if where == "m1" else "slave"}: {r["host_loadavg_1m_before"]}')
            rows.append({
                "listeners": n,
                "served by": "master directly" if where == "m1" else "slave (relay)",
                "connected": f'{p["ok"]}/{n}',
                "early disconnects": p["closed_early"] + p["errors"],
                "TTFB p50 ms": p["ttfb_ms_p50"],
                "TTFB p99 ms": p["ttfb_ms_p99"],
                "bytes/s per listener once all connected, median / min":
                    f'{p["rate_bytes_per_s_median"]:.0f} / {p["rate_bytes_per_s_min"]:.0f}'
                    if p["rate_bytes_per_s_median"] is not None else "",
                "serving node CPU s": p["server_cpu_s"],
                "serving node CPU % of one core (once all connected)": f'{p["server_cpu_pct"]} ({p["server_cpu_pct_window"]})',
                "serving node RSS before MB": round(r["server_rss_before_kb"] / 1024, 1),
                "serving node peak RSS MB": p["server_rss_peak_mb"],
                "master CPU s (same window)": r["master_cpu_s"],
                "master CPU % of one core": round(100 * r["master_cpu_s"] / r["window_s"], 1),
            })
        if len(cpu) == 2 and cpu["m1"][0]:
            rows.append({
                "listeners": n,
                "served by": "**slave / master**",
                "serving node CPU s": f'{cpu["s1"][0] / cpu["m1"][0]:.2f}×',
                "master CPU s (same window)": f'{cpu["s1"][1] / cpu["m1"][1]:.2f}×' if cpu["m1"][1] else "n/a",
            })
    text = table(columns, rows)
    text += "\n\n1-minute load average before each run: " + "; ".join(loads)
    idle = os.path.join(directory, "idle.json")
    if os.path.exists(idle):
        i = load(idle)
        text += (f'\n\nMaster with no listener anywhere (file loop, segmenter, archive, heartbeats, lease renewals): '
                 f'{i["master_cpu_s"]} CPU s in {i["seconds"]} s ({100 * i["master_cpu_s"] / i["seconds"]:.1f} % of one core), '
                 f'RSS {i["master_rss_kb"] / 1024:.1f} MB; idle slave RSS {i["slave_rss_kb"] / 1024:.1f} MB.')
    return "## Listeners on the master vs on a slave\n\n" + text + "\n"


def delay(directory):
    path = os.path.join(directory, "delay.json")
    if not os.path.exists(path):
        return ""
    d = load(path)
    columns = ["listening", "reads compared", "delay median ms", "delay p95 ms", "delay max ms", "delay min ms",
               "TTFB on master ms", "TTFB on slave ms (cold relay)", "streams match"]
    row = {
        "listening": f'{d["duration_s"]:.0f} s (after {d["settle_s"]:.0f} s of bursts)',
        "reads compared": d.get("samples", 0),
        "delay median ms": d.get("delay_ms_median"),
        "delay p95 ms": d.get("delay_ms_p95"),
        "delay max ms": d.get("delay_ms_max"),
        "delay min ms": d.get("delay_ms_min"),
        "TTFB on master ms": d["master"]["ttfb_ms"],
        "TTFB on slave ms (cold relay)": d["slave"]["ttfb_ms"],
        "streams match": f'{100 * d["alignment_match"]:.1f} %' if d["alignment_offset_bytes"] is not None else "not aligned",
    }
    return "## Relay delay (same bytes, slave listener vs master listener)\n\n" + table(columns, [row]) + "\n"


def reopen(directory):
    path = os.path.join(directory, "reopen.json")
    if not os.path.exists(path):
        return ""
    r = load(path)
    live = r["bytes"] > 65536 + 0.5 * 16000 * r["listen_s"]
    return ("## Relay after an idle close\n\n"
            f'A listener on the slave for {r["listen_s"]} s after its relay closed for lack of listeners: status {r["status"]}, '
            f'{r["bytes"]:,} bytes, first byte after {1000 * float(r["ttfb_s"]):.0f} ms '
            f'({"live audio" if live else "**only the burst from the old replica: the relay did not reopen**"}); '
            f'relay before `{json.dumps(r["relay_before"])}`, after `{json.dumps(r["relay_after"])}`, '
            f'{r["relaying_lines"]} "relaying from" log lines on the slave in all.\n')


def failover(directory):
    runs = [load(p) for p in glob.glob(os.path.join(directory, "failover-*.json"))]
    if not runs:
        return ""
    runs.sort(key=lambda r: (int(r["lease_ttl"].rstrip("s")), r.get("relay_delay", ""), r["trial"]))
    columns = ["lease-ttl", "relay delay", "trial", "longest silence ms", "kill → first byte ms", "last byte before kill ms",
               "survivor started live s", "relay reopened s", "listener stayed", "bytes in 1st s after",
               "relay reconnects", "new owner", "load"]
    rows = []
    for r in runs:
        g = r["gap"]
        relay = r.get("relay") or {}
        rows.append({
            "lease-ttl": r["lease_ttl"],
            "relay delay": r.get("relay_delay", "0s"),
            "trial": r["trial"],
            "longest silence ms": g.get("longest_silence_ms"),
            "kill → first byte ms": g.get("kill_to_first_byte_ms", "never"),
            "last byte before kill ms": g.get("last_byte_before_kill_ms"),
            "listener stayed": "yes" if g.get("status") == 200 and not g.get("closed_early") else "**no**",
            "survivor started live s": r.get("timeline", {}).get("started_after_s"),
            "relay reopened s": r.get("timeline", {}).get("relay_opened_after_s"),
            "bytes in 1st s after": g.get("bytes_first_second_after"),
            "relay reconnects": relay.get("reconnects"),
            "new owner": f'{r["new_owner"]} (killed {r["killed"]})',
            "load": r.get("host_loadavg_1m"),
        })
    return "## Failover gap (owner of 2 masters killed with SIGKILL, listener on the slave)\n\n" + table(columns, rows) + "\n"


def storm(directory):
    runs = sorted((load(p) for p in glob.glob(os.path.join(directory, "storm-*.json"))), key=lambda r: r["listeners"])
    if not runs:
        return ""
    columns = ["listeners", "on s1 before the kill", "came back to s2 over", "served on s2", "resumed", "early disconnects",
               "TTFB p50 ms", "TTFB p99 ms", "TTFB max ms", "bytes/s per listener median / min", "s2 CPU % of one core",
               "s2 RSS before → peak MB", "master CPU % of one core", "load"]
    rows = []
    for r in runs:
        b, a = r["before"], r["after"]
        rows.append({
            "listeners": r["listeners"],
            "on s1 before the kill": f'{b["ok"]} (TTFB p99 {b["ttfb_ms_p99"]} ms, s1 CPU {100 * r["s1_cpu_s"] / (r["ramp_s"] + r["hold_s"]):.1f} %)',
            "came back to s2 over": f'{r["storm_ramp_s"]} s',
            "served on s2": f'{a["ok"]}/{r["listeners"]}',
            "resumed": a["resumed"],
            "early disconnects": a["closed_early"] + a["errors"],
            "TTFB p50 ms": a["ttfb_ms_p50"],
            "TTFB p99 ms": a["ttfb_ms_p99"],
            "TTFB max ms": a["ttfb_ms_max"],
            "bytes/s per listener median / min": f'{a["rate_bytes_per_s_median"]:.0f} / {a["rate_bytes_per_s_min"]:.0f}'
            if a["rate_bytes_per_s_median"] is not None else "",
            "s2 CPU % of one core": f'{a["server_cpu_pct"]} (once all were back: {a["server_cpu_pct_window"]})',
            "s2 RSS before → peak MB": f'{r["s2_rss_before_kb"] / 1024:.1f} → {a["server_rss_peak_mb"]}',
            "master CPU % of one core": round(100 * r["master_cpu_s"] / r["window_s"], 1),
            "load": r["host_loadavg_1m"],
        })
    return ("## Reconnect storm (a slave killed with SIGKILL, its listeners back on the other slave with their session ids)\n\n"
            + table(columns, rows) + "\n")


def main():
    directory = sys.argv[1]
    parts = [p for p in (listeners(directory), delay(directory), reopen(directory), failover(directory), storm(directory)) if p]
    print(f"host: {os.cpu_count()} cores")
    build = os.path.join(directory, "build.json")
    if os.path.exists(build):
        b = load(build)
        stale = b["sources_newer_than_build"]
        print(f'node: build of {b["assemblies_to"]} (assemblies {b["assemblies_from"]} to {b["assemblies_to"]}), '
              f'tree at {b["commit"]}' + (f'; **{len(stale)} source files are newer than the build**' if stale else ""))
    print()
    print("\n".join(parts))


if __name__ == "__main__":
    main()

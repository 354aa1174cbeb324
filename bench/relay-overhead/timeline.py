#!/usr/bin/env python3
"""Failover timeline from the node logs: when the survivor started the dead master's channel and when the slave's
relay opened its feed to it, both counted from the moment the slave saw the old feed end (the kill, within
milliseconds on loopback). Prints JSON.

  timeline.py SLAVE_LOG SURVIVOR_LOG SURVIVOR_ADDRESS
"""
import json
import sys


def seconds(line):
    h, m, s = line[:12].split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def main():
    slave_log, survivor_log, survivor = sys.argv[1:4]
    with open(slave_log) as f:
        slave = f.read().splitlines()
    with open(survivor_log) as f:
        master = f.read().splitlines()
    ended = [seconds(l) for l in slave if "relay feed ended" in l]
    out = {}
    if ended:
        t0 = ended[0]
        started = [seconds(l) for l in master if "channel /live ready" in l and seconds(l) > t0]
        tries = [l for l in slave if "relaying from" in l and seconds(l) > t0]
        opened = [seconds(l) for l in tries if f"relaying from {survivor} " in l]
        out["started_after_s"] = round(started[0] - t0, 2) if started else None
        out["relay_opened_after_s"] = round(opened[0] - t0, 2) if opened else None
        out["feed_requests_to_dead_owner"] = sum(1 for l in tries if f"relaying from {survivor} " not in l)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

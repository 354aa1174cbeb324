#!/usr/bin/env python3
"""Relay delay: how much later the same audio bytes reach a listener on a slave than one on the master.

Connects one raw listener to each URL at the same moment (one thread, one select loop, one monotonic clock),
timestamps every read for DURATION seconds, then aligns the two byte streams (a 4 KB window of the slave's stream
is looked up in the master's) and compares, for every read on the slave, when its last byte arrived there and when
the same byte arrived at the master's listener. Reads in the first --settle seconds are left out: both listeners
start with a burst of audio the servers already held, which says nothing about the relay.

  relay_delay.py --master http://127.0.0.1:18311/live --slave http://127.0.0.1:18313/live -d 20 [--json]

Loopback only; one connection per URL, bounded in time.
"""
import argparse
import bisect
import json
import select
import socket
import statistics
import sys
import time
from urllib.parse import urlsplit

WINDOW = 4096


class Listener:
    def __init__(self, name, url):
        self.name = name
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit("relay_delay.py: only loopback targets are allowed")
        self.addr = (parts.hostname, parts.port or 80)
        self.path = (parts.path or "/") + (("?" + parts.query) if parts.query else "")
        self.sock = None
        self.head = b""
        self.status = None
        self.body = bytearray()
        self.events = []  # (monotonic time, body length after this read)
        self.started = None
        self.ttfb = None
        self.closed = False

    def open(self):
        self.sock = socket.create_connection(self.addr, timeout=10)
        self.sock.setblocking(False)

    def send(self, now):
        self.started = now
        req = (f"GET {self.path} HTTP/1.1\r\nHost: {self.addr[0]}:{self.addr[1]}\r\n"
               "User-Agent: relay-delay-probe/1\r\nConnection: close\r\n\r\n")
        self.sock.sendall(req.encode())

    def on_readable(self, now):
        try:
            data = self.sock.recv(262144)
        except BlockingIOError:
            return
        if not data:
            self.closed = True
            return
        if self.status is None:
            self.head += data
            if b"\r\n\r\n" not in self.head:
                return
            header, data = self.head.split(b"\r\n\r\n", 1)
            line = header.split(b"\r\n", 1)[0].split()
            self.status = int(line[1]) if len(line) > 1 and line[1].isdigit() else 0
            if self.status != 200:
                self.closed = True
                return
        if data:
            if self.ttfb is None:
                self.ttfb = now - self.started
            self.body += data
            self.events.append((now, len(self.body)))


def align(master, slave):
    """Offset d with slave[i] == master[i + d], found from a 4 KB window near the slave's end; None if not found."""
    s, m = bytes(slave.body), bytes(master.body)
    if len(s) < 3 * WINDOW or len(m) < 3 * WINDOW:
        return None, 0.0
    # Near the end of the slave's stream (which the master's listener has read too: the slave is behind), with a margin.
    pos = max(0, len(s) - 16 * WINDOW)
    window = s[pos:pos + WINDOW]
    # The fixture loops every 30 s, so the window may occur more than once: the latest occurrence is the same moment
    # (the slave is behind the master by far less than a loop).
    found = m.rfind(window)
    if found < 0:
        return None, 0.0
    d = found - pos
    lo, hi = max(0, -d), min(len(s), len(m) - d)
    same = sum(1 for i in range(lo, hi, 1024) if s[i] == m[i + d]) / max(1, len(range(lo, hi, 1024)))
    return d, same


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--master", required=True)
    p.add_argument("--slave", required=True)
    p.add_argument("-d", "--duration", type=float, default=20)
    p.add_argument("--settle", type=float, default=5, help="seconds of bursts left out at the start")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    args.duration = max(2, min(args.duration, 300))

    master, slave = Listener("master", args.master), Listener("slave", args.slave)
    master.open()
    slave.open()
    now = time.monotonic()
    master.send(now)
    slave.send(time.monotonic())
    t0 = now
    deadline = t0 + args.settle + args.duration
    socks = {master.sock: master, slave.sock: slave}
    while time.monotonic() < deadline and not (master.closed and slave.closed):
        live = [s for s, l in socks.items() if not l.closed]
        ready, _, _ = select.select(live, [], [], max(0, min(0.5, deadline - time.monotonic())))
        now = time.monotonic()
        for s in ready:
            socks[s].on_readable(now)
    for listener in (master, slave):
        listener.sock.close()

    out = {
        "duration_s": args.duration, "settle_s": args.settle,
        "master": {"status": master.status, "ttfb_ms": round(1000 * master.ttfb, 1) if master.ttfb is not None else None,
                   "bytes": len(master.body), "reads": len(master.events), "closed_early": master.closed},
        "slave": {"status": slave.status, "ttfb_ms": round(1000 * slave.ttfb, 1) if slave.ttfb is not None else None,
                  "bytes": len(slave.body), "reads": len(slave.events), "closed_early": slave.closed},
    }
    d, same = align(master, slave)
    out["alignment_offset_bytes"] = d
    out["alignment_match"] = round(same, 4)
    if d is not None:
        m_ends = [e for _, e in master.events]
        delays = []
        for t, end in slave.events:
            q = end - 1 + d  # the read's last byte, in the master's stream
            if q < 0 or t < t0 + args.settle:
                continue
            k = bisect.bisect_right(m_ends, q)  # first master read whose end is past q
            if k >= len(master.events):
                continue  # the master's listener has not got it (cannot happen unless the run ended in between)
            tm = master.events[k][0]
            if tm < t0 + args.settle:
                continue
            delays.append(t - tm)
        if delays:
            delays.sort()
            out["samples"] = len(delays)
            out["delay_ms_min"] = round(1000 * delays[0], 2)
            out["delay_ms_median"] = round(1000 * statistics.median(delays), 2)
            out["delay_ms_p95"] = round(1000 * delays[int(0.95 * (len(delays) - 1))], 2)
            out["delay_ms_max"] = round(1000 * delays[-1], 2)
    if args.json:
        print(json.dumps(out))
    else:
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Failover gap: one listener on a slave, the channel's owner killed with SIGKILL, the longest silence measured.

Listens to URL, kills PID (a master the bench script started) --pre seconds after the first audio byte, and keeps
listening until --post seconds after audio came back (or --max seconds in all). Reports the longest time between two
reads, the time from the kill to the first byte after it, whether the listener stayed connected, and the bytes per
second before and after. Kill time and arrivals are on the same monotonic clock.

  gap.py --url http://127.0.0.1:18313/live --kill PID [--pre 8] [--post 10] [--max 90] [--json]

Loopback only; one connection, bounded in time.
"""
import argparse
import json
import os
import select
import signal
import socket
import sys
import time
from urllib.parse import urlsplit


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--kill", type=int, required=True, help="pid to SIGKILL")
    p.add_argument("--pre", type=float, default=8)
    p.add_argument("--post", type=float, default=10)
    p.add_argument("--max", type=float, default=90)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    parts = urlsplit(args.url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("gap.py: only loopback targets are allowed")

    sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=10)
    start = time.monotonic()
    sock.sendall(f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                 "User-Agent: gap-probe/1\r\nConnection: close\r\n\r\n".encode())
    sock.setblocking(False)
    head, status, first, killed_at, resumed_at = b"", None, None, None, None
    reads = []  # (time, bytes)
    closed = False
    end = start + args.max
    while True:
        now = time.monotonic()
        if now >= end or (resumed_at is not None and now >= resumed_at + args.post):
            break
        if killed_at is None and first is not None and now >= first + args.pre:
            os.kill(args.kill, signal.SIGKILL)
            killed_at = time.monotonic()
        wait = end - now
        if killed_at is None and first is not None:
            wait = min(wait, first + args.pre - now)
        ready, _, _ = select.select([sock], [], [], max(0, min(wait, 0.5)))
        if not ready:
            continue
        now = time.monotonic()
        try:
            data = sock.recv(262144)
        except BlockingIOError:
            continue
        if not data:
            closed = True
            break
        if status is None:
            head += data
            if b"\r\n\r\n" not in head:
                continue
            header, data = head.split(b"\r\n\r\n", 1)
            line = header.split(b"\r\n", 1)[0].split()
            status = int(line[1]) if len(line) > 1 and line[1].isdigit() else 0
            if status != 200:
                break
        if not data:
            continue
        if first is None:
            first = now
        reads.append((now, len(data)))
        if killed_at is not None and resumed_at is None and now > killed_at:
            resumed_at = now
    sock.close()

    out = {"status": status, "closed_early": closed, "ttfb_ms": round(1000 * (first - start), 1) if first else None,
           "killed": killed_at is not None, "resumed": resumed_at is not None}
    times = [t for t, _ in reads]
    if len(times) > 1:
        gaps = [(b - a, a) for a, b in zip(times, times[1:])]
        longest, at = max(gaps)
        out["longest_silence_ms"] = round(1000 * longest, 1)
        out["longest_silence_began_after_kill_ms"] = round(1000 * (at - killed_at), 1) if killed_at else None
        settled = [g for g, a in gaps if a >= first + 2 and (killed_at is None or a + g <= killed_at)]
        out["longest_silence_before_kill_ms"] = round(1000 * max(settled), 1) if settled else None
    if killed_at is not None:
        before = [t for t in times if t <= killed_at]
        out["last_byte_before_kill_ms"] = round(1000 * (killed_at - before[-1]), 1) if before else None
        if resumed_at is not None:
            out["kill_to_first_byte_ms"] = round(1000 * (resumed_at - killed_at), 1)
            after = sum(n for t, n in reads if t >= resumed_at)
            span = (times[-1] - resumed_at) if times[-1] > resumed_at else 0
            out["bytes_per_s_after"] = round(after / span) if span > 0 else None
            out["bytes_first_second_after"] = sum(n for t, n in reads if resumed_at <= t < resumed_at + 1)
        pre = [(t, n) for t, n in reads if first + 2 <= t <= killed_at]
        if len(pre) > 1:
            out["bytes_per_s_before"] = round(sum(n for _, n in pre[1:]) / (pre[-1][0] - pre[0][0]))
    print(json.dumps(out) if args.json else json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

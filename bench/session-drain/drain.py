"""Measures how listeners come back after a node is drained (SIGTERM) or killed, and where they resume (see run.sh)."""
import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

WINDOW = 16 * 1024            # bytes compared on each side of the reconnection (1 s of the 128 kbps demo)
CHUNK_BYTES = 16000 // 2 + 418  # one 500 ms chunk of whole 418-byte frames
BYTES_PER_MS = 16.0


class Listener:
    """One raw listener: sends a GET, keeps the head and every body byte until the server closes."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: session-drain\r\n\r\n".encode())
        self.headers, self.status, self.body, self.ended_by = {}, 0, bytearray(), ""
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            byte = self.sock.recv(1)
            if not byte:
                raise IOError("closed during the head")
            head += byte
        lines = head.decode().split("\r\n")
        self.status = int(lines[0].split(" ")[1])
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                self.headers[name.strip().lower()] = value.strip()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    self.ended_by = "closed"
                    return
                self.body += data
        except OSError as e:
            self.ended_by = type(e).__name__

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def whole_frames(data):
    """True when data is MPEG-1 Layer III frames back to back from the first byte to the last."""
    bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0]
    rates = [44100, 48000, 32000, 0]
    i = 0
    while i + 4 <= len(data):
        h = data[i:i + 4]
        if h[0] != 0xFF or (h[1] & 0xFE) != 0xFA:
            return False
        bitrate, rate = bitrates[h[2] >> 4], rates[(h[2] >> 2) & 3]
        if bitrate == 0 or rate == 0:
            return False
        i += 144 * bitrate * 1000 // rate + ((h[2] >> 1) & 1)
    return i == len(data)


def loop_offsets(loop, pattern):
    twice = loop + loop[:len(pattern)]
    found, start = [], 0
    while True:
        at = twice.find(pattern, start)
        if at < 0 or at >= len(loop):
            return found
        found.append(at)
        start = at + 1


def distance(loop, before, after):
    """Signed bytes from the end of `before` to the start of `after` around the loop; None when ambiguous."""
    ends, starts = loop_offsets(loop, bytes(before[-WINDOW:])), loop_offsets(loop, bytes(after[:WINDOW]))
    if len(ends) != 1 or len(starts) != 1:
        return None
    forward = (starts[0] - (ends[0] + WINDOW)) % len(loop)
    return forward - len(loop) if forward > len(loop) // 2 else forward


def get_json(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def wait(what, check, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError, ValueError):
            pass
        time.sleep(0.25)
    raise TimeoutError(what)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dll", required=True)
    parser.add_argument("--demo", required=True)
    parser.add_argument("--listeners", type=int, default=40)
    parser.add_argument("--listen", type=float, default=8)
    parser.add_argument("--stop", choices=["term", "kill"], default="term")
    parser.add_argument("--drain-delay", default="0s")
    args = parser.parse_args()
    loop = open(args.demo, "rb").read()
    work = tempfile.mkdtemp(prefix="airwave-drain-")
    http_port, admin_port = 18731, 18732
    env = dict(os.environ, AIRWAVE__HTTP__PORT=str(http_port), AIRWAVE__ADMIN__PORT=str(admin_port), AIRWAVE__HTTP__BIND="127.0.0.1",
               AIRWAVE__ADMIN__TOKEN="bench", AIRWAVE__SESSIONS__DRAIN_DELAY=args.drain_delay)
    log = open(os.path.join(work, "node.log"), "a")

    def start():
        node = subprocess.Popen(["dotnet", args.dll, "serve"], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait("node ready", lambda: urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/ready", timeout=2).status == 200)
        return node

    offsets = [0 if i % 2 == 0 else 5 + (i * 7) % 26 for i in range(args.listeners)]
    node = start()
    wait("demo buffer", lambda: get_json(f"http://127.0.0.1:{admin_port}/api/channels/demo", "bench")["bufferSeconds"] >= max(offsets) + 6, 120)
    listeners = [Listener(http_port, "/demo" + (f"?offset={o}" if o else "")) for o in offsets]
    time.sleep(args.listen)

    stopped = time.time()
    node.send_signal(signal.SIGTERM if args.stop == "term" else signal.SIGKILL)
    node.wait(120)
    shutdown = time.time() - stopped
    for listener in listeners:
        listener.thread.join(10)
    node = start()
    restarted = time.time() - stopped

    again = [Listener(http_port, f"/demo?sid={l.headers['x-airwave-session']}") for l in listeners]
    deadline = time.time() + 30
    while time.time() < deadline and any(len(a.body) < WINDOW for a in again if a.status == 200):
        time.sleep(0.2)
    node.send_signal(signal.SIGTERM)
    node.wait(60)

    rows = []
    for offset, before, after in zip(offsets, listeners, again):
        d = distance(loop, before.body, after.body) if after.status == 200 and len(before.body) >= WINDOW and len(after.body) >= WINDOW else None
        rows.append({"offset": offset, "ended_by": before.ended_by, "whole_frames": whole_frames(before.body),
                     "resumed": "x-airwave-resumed" in after.headers, "distance": d})
        before.close()
        after.close()

    def summary(group, name):
        known = [r["distance"] for r in group if r["distance"] is not None]
        exact = sum(1 for d in known if d == 0)
        within = sum(1 for d in known if abs(d) <= CHUNK_BYTES)
        line = (f"{name}: {len(group)} listeners, {sum(r['ended_by'] == 'closed' for r in group)} closed gracefully, "
                f"{sum(r['whole_frames'] for r in group)} ended between frames, {sum(r['resumed'] for r in group)} resumed; "
                f"{exact} exactly at the next byte, {within} within one chunk")
        if known:
            line += (f"; distance ms min {min(known) / BYTES_PER_MS:.0f}, median {statistics.median(known) / BYTES_PER_MS:.0f}, "
                     f"max {max(known) / BYTES_PER_MS:.0f}")
        print(line)

    print(f"stop: SIG{args.stop.upper()}, drain-delay {args.drain_delay}; node exited {shutdown:.2f}s after the signal, ready again {restarted:.2f}s after it")
    summary([r for r in rows if r["offset"] == 0], "live")
    summary([r for r in rows if r["offset"] > 0], "time-shifted")
    for line in open(os.path.join(work, "node.log")):
        if "drained" in line:
            print("node: " + line.strip())


if __name__ == "__main__":
    main()

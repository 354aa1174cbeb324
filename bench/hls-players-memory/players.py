"""N kept-alive HLS players of /demo: each fetches the newest listed segment on its own connection and waits for HOLD
seconds; then fifty of them fetch it again on the same connection, to show the waiting ones are still served.

    python3 players.py BASE_URL N HOLD
"""
import socket
import sys
import time
import urllib.parse
import urllib.request

base, players, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
playlist_url = base + "/demo.m3u8"
playlist = urllib.request.urlopen(playlist_url).read().decode()
newest = [line for line in playlist.splitlines() if line and not line.startswith("#")][-1]
url = urllib.parse.urlsplit(urllib.parse.urljoin(playlist_url, newest))
path = url.path + ("?" + url.query if url.query else "")
request = f"GET {path} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\n\r\n".encode()


def fetch(connection):
    """Sends the request and reads its answer whole (by Content-Length); returns the body's length."""
    connection.sendall(request)
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(65536)
    head, body = received.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 200"):
        sys.exit(f"players.py: {path} answered {head[:200]!r}")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    while len(body) < length:
        body += connection.recv(65536)
    return length


connections = []
total = 0
for _ in range(players):
    connection = socket.create_connection((url.hostname, url.port))
    total += fetch(connection)
    connections.append(connection)
print(f"{players} players fetched {url.path} ({total // players} bytes each) and wait", flush=True)
time.sleep(hold)
for connection in connections[:50]:
    fetch(connection)
print("50 of them fetched it again on their connections", flush=True)

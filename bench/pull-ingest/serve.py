#!/usr/bin/env python3
"""Upstream for the pull-ingest benchmark: serves one MP3 file, looped and paced in real time, to any
number of connections on loopback (GET /stream/<anything>). Usage: serve.py PORT FILE BYTES_PER_SECOND"""
import asyncio
import sys


async def main(port, path, rate):
    data = open(path, "rb").read()
    slice_bytes = rate // 10

    async def handle(reader, writer):
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nicy-br: 128\r\nConnection: close\r\n\r\n")
            loop = asyncio.get_running_loop()
            start, sent, pos = loop.time(), 0, 0
            while True:
                end = min(pos + slice_bytes, len(data))
                writer.write(data[pos:end])
                sent += end - pos
                pos = end % len(data)
                await writer.drain()
                delay = start + sent / rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3])))

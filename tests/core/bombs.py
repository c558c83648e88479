"""Compression bombs, and a bare server to send them, for the client's decoding tests.

pytest-httpserver's own thread briefly takes megabytes per request, which would
hide the client's peak memory; the bare server takes next to nothing.
"""

from __future__ import annotations

import socket
import struct
import threading
import zlib
from functools import cache

import pytest

MiB = 1024 * 1024


def gzip_of_zeros(mebibytes: int) -> bytes:
    """gzip data that inflates to that many MiB of zeros, built without holding them.

    After a full flush the compressor starts afresh, so each MiB compresses to the
    same bytes: one block, repeated, and a trailer worked out here.
    """
    zeros = bytes(MiB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (mebibytes * MiB) & 0xFFFF_FFFF)
    return header + block * mebibytes + deflate.flush() + trailer


@cache
def gibibyte_bomb() -> bytes:
    return gzip_of_zeros(1024)  # about 1 MB, inflating to 1 GiB


@pytest.fixture
def bomb_server():
    """Serve one request: bomb_server(body, coding) sends `body` under that content coding."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def start(body: bytes, coding: str) -> str:
        def serve():
            try:
                conn, _ = listener.accept()
                with conn:
                    conn.recv(65536)
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
                        + f"Content-Encoding: {coding}\r\n\r\n".encode()
                    )
                    view = memoryview(body)
                    for at in range(0, len(body), 16384):
                        conn.sendall(view[at : at + 16384])
            except OSError:
                pass  # the client hung up: refusing is what it should do

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/bomb"

    yield start
    listener.close()

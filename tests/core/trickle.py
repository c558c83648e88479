"""An HTTP server on loopback that sends its feed one byte at a time, slowly.

Each byte arrives well within any per-read timeout, so only an overall
deadline stops a client from waiting for as long as the server cares to drip.
The `trickle` fixture is imported by the conftest of each test folder that uses it.
"""

from __future__ import annotations

import socketserver
import threading

import pytest


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server = self.server
        self.request.settimeout(5)
        try:
            self.request.recv(65536)  # the request; its content does not matter
            self.request.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
            )
            for n in range(len(server.body)):
                if server.stopped.wait(server.interval):
                    return
                self.request.sendall(server.body[n : n + 1])
                with server.lock:
                    server.sent += 1
        except OSError:
            return  # the client gave up: that is the point


class TrickleServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, body: bytes, interval: float = 0.2):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.body = body
        self.interval = interval
        self.sent = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def url(self, path: str = "/feed") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def stop(self) -> None:
        self.stopped.set()
        self.shutdown()
        self.server_close()


@pytest.fixture
def trickle():
    """Start servers that drip a body a byte at a time: trickle(body, interval=0.2)."""
    servers: list[TrickleServer] = []

    def start(body: bytes, interval: float = 0.2) -> TrickleServer:
        servers.append(TrickleServer(body, interval))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()

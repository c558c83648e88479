"""The connection a purge goes over: kept alive between purges, and sent again on a new
one when the cache has closed it under us (Varnish drops idle connections after a few
seconds, and may do so as a purge is being written)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from edge import targets

ANSWER = b"HTTP/1.1 200 Purged\r\nContent-Length: 0\r\n\r\n"


class Cache:
    """A cache on loopback that answers each connection's first request and closes the
    connection, unanswered, at its second: the race a kept-alive client can lose."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.connections = 0
        self.answered: list[bytes] = []
        self.dropped = 0

    def serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with connection:
                self._first_then_drop(connection)

    def _first_then_drop(self, connection: socket.socket) -> None:
        seen = 0
        buffer = b""
        while True:
            data = connection.recv(65536)
            if not data:
                return
            buffer += data
            while b"\r\n\r\n" in buffer:
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                seen += 1
                if seen > 1:
                    self.dropped += 1
                    return
                self.answered.append(head)
                connection.sendall(ANSWER)


@pytest.fixture
def cache() -> Iterator[Cache]:
    server = Cache()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield server
    server.listener.close()


def test_a_purge_the_cache_drops_on_a_kept_connection_is_sent_again_on_a_new_one(cache):
    varnish = targets.Varnish(cache.url)
    varnish.purge(["status"])
    varnish.purge(["status", "changelog"])  # the kept connection: dropped, then sent anew
    assert cache.dropped == 1
    assert cache.connections == 2
    assert [head.split(b"\r\n", 1)[0] for head in cache.answered] == [b"PURGE / HTTP/1.1"] * 2
    assert b"xkey-purge: status changelog" in cache.answered[1]


def test_a_cache_that_never_answers_leaves_the_purge_unconfirmed():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        threading.Thread(target=_accept_and_close, args=(listener,), daemon=True).start()
        with pytest.raises(targets.PurgeFailed, match="RemoteProtocolError"):
            targets.Varnish(f"http://127.0.0.1:{port}/").purge(["status"])


def _accept_and_close(listener: socket.socket) -> None:
    for _ in range(2):  # the purge and its one resend
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        connection.recv(65536)
        connection.close()

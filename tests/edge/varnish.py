"""A real varnishd running deploy/varnish/default.vcl in front of a test server.

The VCL is the production file with only its backend's host and port rewritten, in a
temporary copy (`bench.varnish`, which `make bench` uses too). varnishd missing is a
failure naming it, never a skip: these tests are the proof that the shared cache does
what the README says.
"""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest

from bench.varnish import Varnish as _Varnish
from bench.varnish import VarnishMissing
from tests.processes import free_port


class Varnish(_Varnish):
    """bench.varnish's, with varnishd missing a failure naming it."""

    def __init__(self, backend_host: str, backend_port: int):
        try:
            super().__init__(backend_host, backend_port)
        except VarnishMissing as missing:
            pytest.fail(f"These tests need Varnish: {missing}")


class Relay:
    """A TCP relay that can be cut: the worker's road to Varnish going down and back."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.open = True
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port))
        self.server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()  # down: the connection is refused at once
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()

"""Fixtures shared by the news tests."""

import pytest

from tests.news.trickle import TrickleServer


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

"""A redis-server of a test's own, on a free port, to stop, hang (SIGSTOP) and bring back.

The project's Redis (the suite's cache and broker) is never touched. The server is
`bench.redis_server`'s (the redis-hung bench starts it the same way); here a missing
redis-server is a failure naming it, never a skip.
"""

from __future__ import annotations

import pytest

from bench.redis_server import RedisMissing
from bench.redis_server import RedisServer as _RedisServer


class RedisServer(_RedisServer):
    def start(self) -> None:
        try:
            super().start()
        except RedisMissing as missing:
            pytest.fail(f"This test needs its own Redis: {missing}")


@pytest.fixture
def own_redis():
    server = RedisServer()
    yield server
    server.remove()


def cache_on(server: RedisServer, *, cool_off: float = 0.5) -> dict:
    """CACHES for the site's cache backend on `server`, as production configures it."""
    return {
        "default": {
            "BACKEND": "core.redis_cache.ReusingRedisCache",
            "LOCATION": server.url(),
            "KEY_PREFIX": "test",
            "OPTIONS": {"breaker_cool_off": cool_off},
        }
    }

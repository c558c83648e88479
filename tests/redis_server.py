"""A redis-server of a test's own, on a free port, to stop, hang (SIGSTOP) and bring back.

The project's Redis (the suite's cache and broker) is never touched.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

from tests.processes import free_port


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        # Where `snapshot` writes what a restart loads (as a production Redis does).
        self.dir = tempfile.mkdtemp(prefix="redis-test-")
        self.start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is needed for this test (.ci/run installs it)")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.proc.kill()
        pytest.fail("redis-server did not start")

    def stop(self) -> None:
        """Down: connections are refused. What it held is gone, but for a snapshot."""
        if self.proc is not None:
            self.resume()
            self.proc.terminate()
            self.proc.wait()
            self.proc = None

    def snapshot(self) -> None:
        """Save what it holds now: the next start loads it, as after a restart in production."""
        redis.Redis(port=self.port).save()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def hang(self) -> None:
        """Stopped, not dead: connections open and nothing answers."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    @property
    def hung(self) -> bool:
        """Still stopped (state T in /proc): what a test asserts once its requests are done."""
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] == "T"


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

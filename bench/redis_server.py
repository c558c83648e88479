"""A redis-server of one test's or one bench run's own, on a free port, to stop, hang
(SIGSTOP) and bring back.

Its own, so neither another user of a shared Redis slows its calls nor a hang of it
touches anyone else. The tests (`tests/redis_server.py`, which turns a missing
redis-server into a failure naming it) and `python bench/run.py redis-hung` start it
this way. Imports nothing of the site.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from bench.varnish import free_port


class RedisMissing(Exception):
    """redis-server is not installed or did not start; the message says which."""


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        # Where `snapshot` writes what a restart loads (as a production Redis does).
        self.dir = tempfile.mkdtemp(prefix="warstatus-redis-")
        self.start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisMissing("redis-server is not installed: apt-get install redis-server")
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
        raise RedisMissing("redis-server did not start")

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
        """Still stopped (state T in /proc): what a test or bench checks once its requests are done."""
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] == "T"

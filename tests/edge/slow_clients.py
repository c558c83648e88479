"""A crowd of slow HTTP clients on loopback, on an event loop of its own (a thread), and
the real site under gunicorn for them to press on.

Three kinds, each with its own User-Agent so gunicorn's access log tells them apart:

- *slow headers* (slowloris): a request line, then a header byte every second, never
  the blank line; when the server drops one it connects again, as an attacker would;
- *slow bodies*: a POST whose head is whole, then its declared body a byte every
  2 seconds (`trickle`), or 10 bytes and nothing more (`stall`), each its own agent;
- *slow readers*: a GET, then reading the response 512 bytes a second through a
  4 KB receive buffer.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.processes import bare_env, free_port

HOST = "127.0.0.1"
HEADERS_AGENT = "slow-headers"
BODY_AGENT = "slow-body"
READER_AGENT = "slow-reader"


def allow_open_files(count: int) -> None:
    """Raise this process's soft limit on open files to `count` (within the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count if hard == resource.RLIM_INFINITY else min(count, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@dataclass
class Connection:
    kind: str
    path: str
    opened: float = 0.0
    last_sent: float = 0.0
    # When the server closed it, or answered: a slow client never finishes its request.
    dropped: float | None = None
    received: int = 0

    @property
    def held_for(self) -> float:
        return (self.dropped or time.monotonic()) - self.opened


@dataclass
class Crowd:
    port: int
    headers: int = 100
    trickles: int = 50
    stalls: int = 50
    readers: dict[str, int] = field(default_factory=dict)  # path -> how many
    connections: list[Connection] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def size(self) -> int:
        return self.headers + self.trickles + self.stalls + sum(self.readers.values())

    # -- control, from the test's thread ------------------------------------------------

    def start(self, timeout: float = 30) -> None:
        """Connect every client, and return once all of them have sent their first bytes."""
        allow_open_files(self.size * 2 + 256)
        self._thread = threading.Thread(target=self._run, name="slow-crowd", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise AssertionError(f"the {self.size} slow clients did not connect in {timeout} s")
        if self.error is not None:
            raise AssertionError(f"a slow client could not start: {self.error!r}")

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None:
            self._thread.join(30)

    def of_kind(self, kind: str) -> list[Connection]:
        return [c for c in self.connections if c.kind == kind]

    # -- the event loop's side ----------------------------------------------------------

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # reported by start() or by the test's assertions
            self.error = error
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        started: list[asyncio.Future] = []
        tasks = []

        def launch(coro_fn, *args) -> None:
            opened = self._loop.create_future()
            started.append(opened)
            tasks.append(asyncio.create_task(coro_fn(opened, *args)))

        for i in range(self.headers):
            launch(self._slow_headers, i)
        for i in range(self.trickles):
            launch(self._slow_body, i, "trickle")
        for i in range(self.stalls):
            launch(self._slow_body, i, "stall")
        n = 0
        for path, count in self.readers.items():
            for _ in range(count):
                launch(self._slow_reader, n, path)
                n += 1
        await asyncio.gather(*started)
        self._ready.set()
        await self._stopping.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _open(self, kind: str, path: str, *, rcvbuf: int | None = None):
        sock = socket.socket()
        if rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.setblocking(False)
        # Timed from before the connect: Varnish counts timeout_idle from its accept, and
        # with 300 connections opening at once on a busy machine this loop can get back
        # to a connected socket a second or more later (held times read 4.1 s, not 5).
        opened = time.monotonic()
        await asyncio.get_running_loop().sock_connect(sock, (HOST, self.port))
        # A small buffer limit: the stream stops reading from the socket at 2 KB held.
        reader, writer = await asyncio.open_connection(sock=sock, limit=1024)
        conn = Connection(kind=kind, path=path, opened=opened)
        self.connections.append(conn)
        return conn, reader, writer

    @staticmethod
    def _watch_for_close(reader: asyncio.StreamReader) -> asyncio.Task:
        return asyncio.ensure_future(reader.read(1))

    async def _send_slowly(
        self, conn: Connection, reader, writer, head: bytes, drip: bytes, every: float
    ) -> None:
        """Send `head`, then one byte of `drip` every `every` seconds (none if empty), until
        the server closes the connection or answers, or the crowd stops."""
        closed = self._watch_for_close(reader)
        try:
            writer.write(head)
            await writer.drain()
            conn.last_sent = time.monotonic()
            for byte in drip:
                await asyncio.wait([closed], timeout=every)
                if closed.done():
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                conn.last_sent = time.monotonic()
            await closed
            conn.dropped = time.monotonic()
        except (ConnectionError, OSError):
            conn.dropped = time.monotonic()
        finally:
            closed.cancel()
            writer.close()

    async def _slow_headers(self, opened: asyncio.Future, i: int) -> None:
        first = True
        while True:
            path = f"/?slow-headers={i}"
            conn, reader, writer = await self._open(HEADERS_AGENT, path)
            head = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: {HEADERS_AGENT}\r\n"
            sending = asyncio.ensure_future(
                self._send_slowly(conn, reader, writer, head.encode(), b"X-Slow: " + b"a" * 4000, 1)
            )
            await asyncio.sleep(0.2)
            if first:
                opened.set_result(None)
                first = False
            await sending  # dropped by the server (or cancelled when the crowd stops)

    async def _slow_body(self, opened: asyncio.Future, i: int, how: str) -> None:
        body = f"email=slow-{how}-{i}%40example.org&what=all".encode().ljust(1000, b"x")
        conn, reader, writer = await self._open(f"{BODY_AGENT}-{how}", "/subscribe/")
        head = (
            f"POST /subscribe/ HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: {BODY_AGENT}-{how}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        drip = body if how == "trickle" else b""
        if how == "stall":
            head += body[:10]
        sending = asyncio.ensure_future(self._send_slowly(conn, reader, writer, head, drip, 2))
        await asyncio.sleep(0.2)
        opened.set_result(None)
        await sending

    async def _slow_reader(self, opened: asyncio.Future, i: int, path: str) -> None:
        sep = "&" if "?" in path else "?"
        path = f"{path}{sep}slow-reader={i}"  # a URL of its own: a miss in the cache
        # The bare socket, not a stream: a stream's transport would read 256 KB at once.
        loop = asyncio.get_running_loop()
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, (HOST, self.port))
            conn = Connection(kind=READER_AGENT, path=path, opened=time.monotonic())
            self.connections.append(conn)
            request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: {READER_AGENT}\r\n\r\n"
            await loop.sock_sendall(sock, request.encode())
            conn.last_sent = time.monotonic()
            opened.set_result(None)
            try:
                while chunk := await loop.sock_recv(sock, 512):
                    conn.received += len(chunk)
                    await asyncio.sleep(1)
                conn.dropped = time.monotonic()
            except (ConnectionError, OSError):
                conn.dropped = time.monotonic()
        finally:
            sock.close()


class Gunicorn:
    """The site under gunicorn.conf.py, with `workers` sync workers of one thread each
    (the fewest connections served at once: the worst case), on the test database.

    Its access log says, per request, the User-Agent and how long gunicorn spent on it
    (`%(L)s`, until the response was written out to its socket)."""

    LOG_FORMAT = '%(m)s %(U)s?%(q)s %(s)s %(B)s %(L)s "%(a)s"'
    LINE = re.compile(
        r'^(?P<method>[A-Z]+) (?P<path>\S*) (?P<status>\d{3}) (?P<bytes>\d+|-) (?P<took>[\d.]+) "(?P<agent>[^"]*)"$'
    )

    def __init__(self, database_url: str, folder: Path, workers: int = 2):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = folder / "gunicorn.log"
        self.env = bare_env(
            DEBUG="false",
            SECRET_KEY="slow-clients-test-key-" + "x" * 40,
            AUDIT_KEY="slow-clients-test-audit-key-" + "y" * 40,
            # The Host readers send, and Varnish's health probe's.
            ALLOWED_HOSTS=f"{HOST},localhost",
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=database_url,
            DATABASE_CONN_MAX_AGE="0",
            CACHE_DIR=str(folder / "cache"),
            WEB_BIND=f"{HOST}:{self.port}",
            WEB_WORKERS=str(workers),
            DJANGO_SETTINGS_MODULE="tests.edge.gunicorn_settings",
        )
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        # gunicorn writes to its own copy of the log's descriptor; ours is closed at once.
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--access-logformat",
                    self.LOG_FORMAT,
                    "warstatus.wsgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # Minutes, not seconds: on a busy machine Django's start-up alone can take many.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "gunicorn exited:\n" + self.output()[-3000:]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("gunicorn did not answer /healthz in 120 s:\n" + self.output()[-3000:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def requests(self) -> list[dict[str, str]]:
        """The access log's requests, oldest first."""
        lines = (self.LINE.match(line) for line in self.output().splitlines())
        return [m.groupdict() for m in lines if m]

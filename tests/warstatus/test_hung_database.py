"""A database that takes connections and never answers holds no request past WEB_TIMEOUT.

gunicorn as the Dockerfile runs it (gunicorn.conf.py), on the test database reached
through a forwarder on loopback that can be made to hang: from then on it accepts
connections and passes nothing more either way, so a new connection never hears the
handshake and a kept one is left mid-query (as a stopped or wedged PostgreSQL does).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.conftest import ROOT, require_postgres
from tests.processes import bare_env, free_port

pytestmark = pytest.mark.django_db(transaction=True)

WEB_TIMEOUT = 5
# gunicorn's arbiter looks at its workers about once a second.
SLACK = 2.5
CACHED = [
    "/",
    "/status/history/",
    "/api/status.json",
    "/news/",
    "/explainers/",
    "/faq/",
    "/incidents/",
    "/incidents/timeline/",
    "/changelog/",
    "/about/",
    "/sitemap.xml",
]
NOT_CACHED = [
    "/incidents/?since=2021-03-04",  # a page not yet in the cache
    "/api/audit/checkpoint.json",
    "/subscribe/",
    "/privacy/",
    "/healthz",
]


class HangingPostgres:
    """Forwards to PostgreSQL until `hang()`; then takes connections and answers nothing."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.hung = threading.Event()
        self.closed = threading.Event()
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self.hung.set()

    def close(self) -> None:
        self.closed.set()
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                # Even under a thread blocked reading it: PostgreSQL sees the end.
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            if self.hung.is_set():
                continue  # taken, and never a word
            upstream = socket.create_connection(self.target)
            self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            while self.hung.is_set() and not self.closed.is_set():
                time.sleep(0.1)  # held, as a server that stopped would
            if not data or self.closed.is_set():
                return
            try:
                sink.sendall(data)
            except OSError:
                return


@pytest.fixture
def site(tmp_path):
    require_postgres()
    db = connection.settings_dict
    database = HangingPostgres(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    port = free_port()
    env = bare_env(
        DEBUG="true",  # static files from the checkout; production needs collectstatic
        SECRET_KEY="hung-database-test-key-" + "x" * 40,
        AUDIT_KEY="hung-database-test-audit-key-" + "y" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"postgres://{db['USER']}@127.0.0.1:{database.port}/{db['NAME']}",
        CACHE_DIR=str(tmp_path / "cache"),
        WEB_BIND=f"127.0.0.1:{port}",
        WEB_WORKERS="5",
        WEB_TIMEOUT=str(WEB_TIMEOUT),
        EMAIL_TIMEOUT="2",
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_STATEMENT_TIMEOUT="3",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:  # gunicorn keeps its own copy of the file
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "warstatus.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield port, database
    proc.terminate()
    proc.wait(timeout=30)
    database.close()
    print(log.read_text()[-8000:])  # shown when the test fails


def get(port: int, path: str) -> tuple[int | None, float]:
    """The status (None: the connection was closed unanswered) and the seconds it took."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WEB_TIMEOUT * 4)
    try:
        conn.request("GET", path)
        status = conn.getresponse().status
    except (http.client.RemoteDisconnected, ConnectionResetError):
        status = None
    finally:
        conn.close()
    return status, time.monotonic() - started


@pytest.mark.postgres(reason="a forwarder in front of PostgreSQL's port is made to hang")
def test_a_hung_database_holds_no_page_past_the_web_timeout(site):
    port, database = site
    for path in CACHED:
        assert get(port, path)[0] == 200, path  # now in the cache
    database.hang()

    for path in CACHED:
        status, took = get(port, path)
        assert (status, path) == (200, path)
        assert took < 1, f"{path} took {took:.1f} s from the cache"

    # Uncached pages need the database: each gets a "back in a moment" (the connect
    # timeout) or, on a connection left mid-query, is ended by gunicorn's timeout.
    with ThreadPoolExecutor(len(NOT_CACHED)) as pool:
        answers = dict(zip(NOT_CACHED, pool.map(lambda p: get(port, p), NOT_CACHED), strict=True))
    for path, (status, took) in answers.items():
        assert took < WEB_TIMEOUT + SLACK, f"{path} took {took:.1f} s"
        assert status in {None, 200, 503}, f"{path} answered {status}"
    assert answers["/incidents/?since=2021-03-04"][0] in {None, 503}

    # And the site keeps answering: no worker is left stuck.
    status, took = get(port, "/incidents/?since=2022-05-06")
    assert status in {None, 503} and took < WEB_TIMEOUT + SLACK
    assert get(port, "/")[0] == 200


@pytest.mark.postgres(reason="PostgreSQL's statement_timeout (SQLite has none)")
def test_a_statement_running_past_the_statement_timeout_is_ended():
    require_postgres()
    db = connection.settings_dict
    env = bare_env(
        DEBUG="true",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{db['NAME']}",
        DATABASE_STATEMENT_TIMEOUT="1",
    )
    query = "from django.db import connection; connection.cursor().execute('SELECT pg_sleep(5)')"
    proc = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", query],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "canceling statement due to statement timeout" in proc.stderr

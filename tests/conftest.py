"""Shared fixtures: real services, isolated per pytest-xdist worker."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from kombu import Queue

from tests.redis_server import own_redis
from tests.subscriptions.smtp_sink import sink
from warstatus.celery import app as celery_app

# Fixtures for every test: a redis-server of the test's own, a mail server on loopback.
__all__ = ["own_redis", "sink"]

ROOT = Path(__file__).resolve().parent.parent
# Kept in the repository (see its README): a clone alone runs every test.
CORPORA = ROOT / "tests" / "fixtures" / "corpora"


# Each xdist worker sends to its own queue so Celery workers never take each
# other's tasks. Set before any task is sent: Celery caches its routing.
TEST_QUEUE = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}-{os.getpid()}"
TEST_EDGE_QUEUE = f"{TEST_QUEUE}-edge"
django_settings.CELERY_TASK_DEFAULT_QUEUE = TEST_QUEUE
django_settings.CELERY_TASK_QUEUES = (Queue(TEST_QUEUE), Queue(TEST_EDGE_QUEUE))
django_settings.CELERY_TASK_ROUTES = {"edge.tasks.*": {"queue": TEST_EDGE_QUEUE}}
# Static files come from the apps' folders, not a collected static_root, which
# whitenoise would otherwise warn is missing (an error here). Set for the whole session,
# not per test: the live server, a session fixture, loads whitenoise before any test's
# own settings apply, so a browser test run first in a checkout never collected failed.
django_settings.STORAGES = {
    **django_settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
django_settings.WHITENOISE_AUTOREFRESH = True


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, naming what is missing, when a service the suite needs is down.

    Otherwise every test would wait on its own connection timeout and fail with a
    traceback; the README's prerequisites list these same three.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller has checked already
    # The interface catalogues as the .po files say now (a stale .mo would test old text).
    from core.catalogues import compile_all

    compile_all()
    from tests.prerequisites import missing_prerequisites

    wants_browser = not config.args or any(
        "browser" in arg or Path(arg).resolve() in (ROOT, ROOT / "tests") for arg in config.args
    )
    problems = missing_prerequisites(browser=wants_browser)
    if problems:
        pytest.exit("Cannot run the tests:\n- " + "\n- ".join(problems), returncode=4)


def _lane() -> str:
    """The lane this run is: "sqlite" (the embedded default) or "postgresql"."""
    return (
        "sqlite"
        if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else "postgresql"
    )


# nodeid -> reason, for the tests marked `postgres` that this run leaves out.
_POSTGRES_ONLY: dict[str, str] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On SQLite, leave out the tests marked `postgres` (deselected, never skipped).

    Each must say why it needs PostgreSQL; the run names them at its end. A test that
    needs PostgreSQL without the marker fails loudly through `require_postgres()`.
    """
    marked = []
    for item in items:
        marker = item.get_closest_marker("postgres")
        if marker is None:
            continue
        reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.postgres needs a reason=")
        marked.append((item, reason))
    if _lane() != "sqlite" or not marked:
        return
    left_out = {id(item) for item, _ in marked}
    config.hook.pytest_deselected(items=[item for item, _ in marked])
    items[:] = [item for item in items if id(item) not in left_out]
    _POSTGRES_ONLY.update((item.nodeid, reason) for item, reason in marked)
    if hasattr(config, "workeroutput"):  # an xdist worker: tell the controller
        config.workeroutput["postgres_only"] = dict(_POSTGRES_ONLY)


@pytest.hookimpl(optionalhook=True)  # xdist's hook: absent with -p no:xdist
def pytest_testnodedown(node, error) -> None:
    """xdist's controller collects nothing itself: each worker reports what it left out."""
    _POSTGRES_ONLY.update(getattr(node, "workeroutput", {}).get("postgres_only", {}))


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    if _lane() != "sqlite" or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    write = terminalreporter.write_line
    terminalreporter.section("PostgreSQL only")
    write(
        f"{len(_POSTGRES_ONLY)} test(s) need PostgreSQL and were left out of this SQLite run "
        "(they run in the PostgreSQL lane: make test-postgres):"
    )
    by_reason: dict[str, list[str]] = {}
    for nodeid, reason in sorted(_POSTGRES_ONLY.items()):
        by_reason.setdefault(reason, []).append(nodeid)
    for reason, nodeids in sorted(by_reason.items(), key=lambda pair: -len(pair[1])):
        write(f"  {len(nodeids):4d}  {reason}")
        for nodeid in nodeids:
            write(f"          {nodeid}")


def _worker_index() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(name.removeprefix("gw") or 0)


@pytest.fixture(autouse=True)
def _isolated_site(settings, request):
    """Each xdist worker gets its own Redis database; every test starts with an empty cache.

    Celery runs eagerly unless a test asks for the real worker.
    """
    if django_settings.REDIS_URL:
        # The cache uses the databases after the broker's: REDIS_URL .../1 gives
        # the xdist workers databases 2, 3, ... of their own.
        base, _, number = django_settings.REDIS_URL.rpartition("/")
        db = (int(number) if number.isdigit() else 0) + 1 + _worker_index()
        settings.CACHES = {
            "default": {
                "BACKEND": "core.redis_cache.ReusingRedisCache",
                "LOCATION": f"{base}/{db}",
                "KEY_PREFIX": "test",
            }
        }
    from django.core.cache import cache

    from core import cache_version
    from core.pagecache import memo
    from incidents import indicators

    cache.clear()
    # The content version, this process's copies of pages and the incident counts it
    # holds are the last test's.
    cache_version.forget()
    memo.forget()
    indicators.forget()
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = "celery_worker" not in request.fixturenames
    yield
    cache_version.forget()  # its thread's connection closed before the database goes


def drop_cached_pages() -> None:
    """Forget every cached page, as a new deploy would: for a test that changed rows
    behind the services' backs, which no audit entry records, so no version moves."""
    from django.core.cache import cache

    from core import cache_version
    from core.pagecache import memo

    cache.clear()
    cache_version.forget()
    memo.forget()


def require_postgres() -> None:
    """A test that proves a PostgreSQL behaviour fails (never skips) without PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL: set DATABASE_URL (make test does).")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """On SQLite each xdist worker's test database is a file beside DATABASE_URL's, not
    Django's in-memory default: other processes (a Celery worker, gunicorn) open it as
    `make run`'s processes share db.sqlite3, and it can really be taken away."""
    database = django_settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return
    path = Path(database["NAME"])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    name = path.with_name(f"{path.stem}-{worker}{path.suffix}")
    database.setdefault("TEST", {})["NAME"] = str(name)


# What a connection remembers of the test's transaction; connect() forgets it.
_TRANSACTION_STATE = (
    "in_atomic_block",
    "savepoint_state",
    "savepoint_ids",
    "atomic_blocks",
    "needs_rollback",
    "rollback_exc",
    "commit_on_exit",
    "closed_in_transaction",
    "autocommit",
)


@contextmanager
def database_down() -> Iterator[None]:
    """Inside the block the default database cannot be reached (its name opens nothing).

    Closed inside a test's transaction, a PostgreSQL connection answers InterfaceError
    from then on; SQLite's would raise ProgrammingError, which no outage raises. So on
    SQLite the closed connection is dropped and every query tries to open the database
    afresh, failing as a missing file does (OperationalError); the test's transaction
    state is put back afterwards.
    """
    from django.db import connection

    real = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/warstatus/db.sqlite3"
        state = {name: copy.copy(getattr(connection, name)) for name in _TRANSACTION_STATE}
        connection.connection = None
        connection.in_atomic_block = connection.closed_in_transaction = False
    else:
        connection.settings_dict["NAME"] = "warstatus_no_such_database"
        state = {}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real
        for name, value in state.items():
            setattr(connection, name, value)


def require_redis() -> str:
    if not django_settings.REDIS_URL:
        pytest.fail("This test needs Redis: set REDIS_URL (make test does).")
    return django_settings.REDIS_URL


def shared_database_url() -> str:
    """The test database, for a process of its own: on SQLite its file, on PostgreSQL
    its server (trust auth, as `make test` uses)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(queue: str, **extra_env: str) -> subprocess.Popen:
    """A real Celery worker process on Redis, using the test database."""
    redis_url = require_redis()

    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
        "CELERY_EDGE_QUEUE": f"{queue}-edge",
        "DATABASE_CONN_MAX_AGE": "0",
        "FEEDS_ALLOW_PRIVATE": "true",  # the worker tests poll feeds served on loopback
        **extra_env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "warstatus",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_worker(proc: subprocess.Popen, queue: str, timeout: float = 60) -> None:
    result = celery_app.send_task("warstatus.ping", queue=queue)
    deadline = time.monotonic() + timeout
    while not result.ready():
        if proc.poll() is not None:
            pytest.fail(f"Celery worker exited early:\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"Celery worker did not answer within {timeout} s")
        time.sleep(0.2)


def stop_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A worker on this xdist process's queue, for the whole session.

    Tests that use it must use `transactional_db` so the worker sees their rows.
    Each xdist worker has its own queue so workers never take each other's tasks.
    """
    proc = start_worker(TEST_QUEUE)
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    try:
        wait_for_worker(proc, TEST_QUEUE)
        yield {"queue": TEST_QUEUE, "process": proc}
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
        stop_worker(proc)


@pytest.fixture(autouse=True)
def _roles(request):
    """The Editors and Moderators groups come from a data migration; a transactional
    test's flush removes them, so put them back for the tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.contrib.auth.models import Group

    from core.roles import sync_roles

    if not Group.objects.filter(name="Editors").exists():
        sync_roles()


# One fixture per role: a user (tests/factories.py makes every person) and a client
# signed in as them: editor, editor_client, moderator, moderator_client, superuser,
# superuser_client.
def _person(name: str, username: str, **kwargs):
    @pytest.fixture(name=name)
    def person(db):
        from tests.factories import make_user

        return make_user(username, **kwargs)

    @pytest.fixture(name=f"{name}_client")
    def client_of_person(request):
        from tests.factories import signed_in

        return signed_in(request.getfixturevalue(name))

    return person, client_of_person


editor, editor_client = _person("editor", "ed", role="Editors")
moderator, moderator_client = _person("moderator", "mod", role="Moderators")
superuser, superuser_client = _person("superuser", "root", superuser=True)

"""/healthz: the state of the database, the cache and the broker, as JSON.

It answers within `DEADLINE` whatever hangs: the container healthcheck and the load
balancer ask it, and a health check that hangs with the service it checks tells them
nothing. Each check runs in a thread of its own and is reported as "error: no answer"
if it has not finished in time; a hung check holds that one thread until it returns,
and later requests wait on the same run rather than starting another.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

DEADLINE = 1.5  # seconds for all the checks together


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; say which
        return f"error: {type(exc).__name__}"
    finally:
        # This thread's own connection: closed, so no probe keeps one open (nor
        # holds on to a broken one).
        connection.close()
    return "ok"


def _cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok" if ok else "error: value not read back"


# The broker's state, probed at most once per BROKER_PROBE_EVERY seconds per process:
# /healthz is public, and a new broker connection per call would let anyone open
# connections at will.
BROKER_PROBE_EVERY = 10.0
_broker_probe: dict[str, float | str] = {"at": -BROKER_PROBE_EVERY, "state": ""}
_broker_lock = threading.Lock()


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (no broker configured)"
    with _broker_lock:
        if time.monotonic() - _broker_probe["at"] >= BROKER_PROBE_EVERY:
            _broker_probe["state"] = _probe_broker()
            _broker_probe["at"] = time.monotonic()
        return str(_broker_probe["state"])


def _probe_broker() -> str:
    try:
        with current_app.connection_for_write(
            transport_options={"socket_timeout": 1, "socket_connect_timeout": 1}
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


class _Probe:
    """One check, run by a thread of its own (kept, so its cache client and connection
    pool are reused); at most one run at a time per process."""

    def __init__(self, check: Callable[[], str]):
        self._check = check
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[tuple[threading.Event, list[str]]] = queue.SimpleQueue()
        self._job: tuple[threading.Event, list[str]] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> tuple[threading.Event, list[str]]:
        with self._lock:
            if self._job is None or self._job[0].is_set():
                self._job = (threading.Event(), [])
                self._jobs.put(self._job)
                if self._thread is None:
                    self._thread = threading.Thread(target=self._serve, daemon=True)
                    self._thread.start()
            return self._job

    def _serve(self) -> None:
        while True:
            done, result = self._jobs.get()
            try:
                result.append(self._check())
            except Exception as exc:  # a check says what went wrong; it never raises
                result.append(f"error: {type(exc).__name__}")
            finally:
                done.set()


_probes = {"database": _Probe(_database), "cache": _Probe(_cache), "broker": _Probe(_broker)}


def _run_checks() -> dict[str, str]:
    deadline = time.monotonic() + DEADLINE
    started = {name: probe.start() for name, probe in _probes.items()}
    checks = {}
    for name, (done, result) in started.items():
        done.wait(max(0.0, deadline - time.monotonic()))
        checks[name] = result[0] if result else f"error: no answer within {DEADLINE:g} s"
    return checks


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = _run_checks()
    # Only the database decides the status code: the site serves from cache
    # without Redis, but can do nothing useful without its database.
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "down", **checks}, status=status)

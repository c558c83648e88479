"""/healthz: the state of the database, the cache and the broker, as JSON."""

from __future__ import annotations

import threading
import time
import uuid

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; say which
        return f"error: {type(exc).__name__}"
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
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache(), "broker": _broker()}
    # Only the database decides the status code: the site serves from cache
    # without Redis, but can do nothing useful without its database.
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "down", **checks}, status=status)

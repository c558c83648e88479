"""What counts as the cache or the database being down, and the page sent when the
database is down and no copy can stand in.

Only a lost connection is an outage: an error in a query is a bug, and must not be
reported as "Database unavailable" (that alarm pages someone).
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


def _redis_errors() -> type[Exception]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return OSError
    return RedisError


logger = logging.getLogger(__name__)

# What a cache backend raises when its server is gone (Redis: ConnectionError, TimeoutError).
CACHE_ERRORS = (ConnectionError, TimeoutError, OSError, _redis_errors())
# What Django raises when the database can't be reached or its connection was lost.
DATABASE_DOWN = (OperationalError, InterfaceError)


def unavailable(request: HttpRequest) -> HttpResponse:
    logger.error("Database unavailable and no cached copy of %s", request.path)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response

"""Bench-only middleware: `X-Bench-Render: 1` asks for the page rendered afresh, as if
nothing were cached; `CountRenders` logs each request on which the origin rendered."""

from __future__ import annotations

import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse

# A Redis list of "<unix time> <path> <statements> <the first>", one item per render
# (`bench/edge.py` reads it).
RENDERS_KEY = "bench:renders"


class RenderEveryRequest:
    """Routes a request carrying the header through `bench.render_urls`, where the views
    have no page cache; the page cache middleware then finds no cached view there either.
    Everything else (sessions, CSRF, auth) runs as for any page that is rendered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("X-Bench-Render"):
            request.urlconf = "bench.render_urls"
        return self.get_response(request)


class CountRenders:
    """Logs the requests on which the origin ran SQL: a page rendered. A page answered
    from the cache (a hit, or the copy another request rendered while this one waited) runs
    none, and every public page reads the database to render. Written straight to the
    bench's Redis (REDIS_URL), outside the site's cache and its key prefix."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0
        first = ""

        def count(execute, sql, params, many, context):
            nonlocal queries, first
            queries += 1
            first = first or " ".join(sql.split())[:120]
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        if queries:
            self.redis.rpush(RENDERS_KEY, f"{time.time():.6f} {request.path} {queries} {first}")
        return response

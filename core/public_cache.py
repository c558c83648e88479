"""Caching for public pages: keyed on the site-wide content version.

Anonymous GETs are served from the configured cache (Redis in production)
with an ETag and CDN-friendly Cache-Control; any publish bumps the content
version, so the very next request renders afresh. Only one request renders
a missing page at a time; the others wait briefly for it, or get the
previous copy. Visitors with a session (staff) are never cached.

Two pieces: `cached_public` wraps each public view (it renders, stores and
answers misses), and `PublicPageCacheMiddleware` answers hits early, before
the session, CSRF, auth and messages middleware have any work to do.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe, urlencode

from core.cache_version import KEY as VERSION_KEY
from core.cache_version import content_version
from core.pagination import PAGE
from core.release import release_id


def _redis_errors() -> type[Exception]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return OSError
    return RedisError


logger = logging.getLogger(__name__)
# What a cache backend raises when its server is gone (Redis: ConnectionError, TimeoutError).
CACHE_ERRORS = (ConnectionError, TimeoutError, OSError, _redis_errors())
# What Django raises when the database can't be reached or its connection was lost. Only
# that is an outage: an error in a query is a bug, not "Database unavailable" (which
# pages someone).
DATABASE_DOWN = (OperationalError, InterfaceError)

# Browsers revalidate every time (a cheap 304 by ETag), so nobody keeps an old
# verdict after a change; a CDN may hold a page for 30 s and serve it while
# it revalidates.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "s_maxage": 30, "stale_while_revalidate": 30}
PAGE_TIMEOUT = 24 * 3600
LOCK_TIMEOUT = 10
WAIT_FOR_RENDER = 2.0


def _is_anonymous(request: HttpRequest) -> bool:
    """No signed-in session. Looks at the session store itself, not request.user
    (which would add "Vary: Cookie"), so a made-up cookie can't skip the cache and
    force a render on every request."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return True
    signed_in = getattr(request, "_public_cache_signed_in", None)
    if signed_in is None:
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        try:
            signed_in = SESSION_KEY in store
        except DatabaseError:
            signed_in = False  # with the database down, the public copy is the best answer
        request._public_cache_signed_in = signed_in
    return not signed_in


def _current(entry: dict | None, version: int | None) -> bool:
    """A stored page may be served: same content version, and not past its time."""
    if entry is None or version is None or entry.get("version") != version:
        return False
    until = entry.get("fresh_until")
    return until is None or time.time() < until


def _stored(response: HttpResponse, version: int, *, previous: dict | None = None) -> dict:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (the sitemap view returns one)
    body = response.content
    now = time.time()
    validators = {
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "Last-Modified": http_date(now),
        "Cache-Control": _public_cache_control(),
    }
    kept = {
        k: v
        for k, v in response.items()
        if k.lower() not in {"vary", "set-cookie", "cache-control"}
    }
    return {
        "body": body,
        "status": response.status_code,
        # Built once here, not on every hit.
        "headers": {**kept, **validators},
        "validators": validators,
        "etag": validators["ETag"],
        "last_modified": now,
        # Last-Modified counts whole seconds: a client holding the previous copy from the
        # same second sends the same If-Modified-Since, so that date alone can't get a 304.
        "shares_second": previous is not None and int(previous["last_modified"]) == int(now),
        "version": version,
        # Set by views whose page changes with the clock alone (see `expires_at`).
        "fresh_until": getattr(response, "fresh_until", None),
    }


@functools.cache
def _public_cache_control() -> str:
    response = HttpResponse()
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    return response["Cache-Control"]


def _respond(request: HttpRequest, entry: dict) -> HttpResponse:
    etag = entry["etag"]
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        not_modified = etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
    else:
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        stored = int(entry["last_modified"])
        not_modified = since is not None and (
            stored < since or (stored == since and not entry.get("shares_second"))
        )
    if not_modified:
        return HttpResponseNotModified(headers=entry["validators"])
    return HttpResponse(entry["body"], status=entry["status"], headers=entry["headers"])


def expires_at(response: HttpResponse, *moments: datetime | None) -> HttpResponse:
    """Say that this page changes at the earliest of `moments` by the clock alone (no
    edit needed): its cached copy is rendered afresh then, whatever the content version."""
    moment = min(filter(None, moments), default=None)
    response.fresh_until = moment.timestamp() if moment is not None else None
    return response


def cached_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or not _is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if settings.BENCH_ENDPOINTS and request.headers.get("X-Bench-Render"):
            return view(request, *args, **kwargs)  # `make bench`: measure a full render
        request._public_page = True  # its redirects and 404s get public headers too
        key = page_key(request)
        if key is None:  # a parameter value no page answers to: the view's 404, not stored
            return _render_without_cache(request, view, args, kwargs)
        try:
            if getattr(request, "_public_cache_down", False):
                raise ConnectionError("the middleware found the cache down")  # don't wait twice
            found = getattr(request, "_public_cache_found", None)
            if found is None:
                found = _lookup(key)
            version = found.get(VERSION_KEY) or content_version()
        except CACHE_ERRORS:
            logger.warning("Cache unavailable: rendering %s without it", request.path)
            return _render_without_cache(request, view, args, kwargs)
        entry = found.get(key)
        if _current(entry, version):
            return _respond(request, entry)
        try:
            fresh = _render_once(request, view, args, kwargs, key, version, previous=entry)
        except DATABASE_DOWN:
            # The database is down: serve the last good copy if there is one.
            logger.exception("Database error rendering %s", request.path)
            if entry is None:
                return _unavailable(request)
            fresh = entry
        except CACHE_ERRORS:
            return _render_without_cache(request, view, args, kwargs)
        if isinstance(fresh, HttpResponse):  # not cacheable (a redirect): sent as it is
            return fresh
        return _respond(request, fresh)

    return wrapper


# The only query parameters that change a public page; any other is ignored, so
# random query strings cannot fill the cache with copies of the same page.
PAGE_PARAMETERS = ("page", "outlet")


def cache_path(request: HttpRequest) -> str | None:
    """None when ?page= is one no page answers to: the view says 404, never stored."""
    kept = []
    for name in PAGE_PARAMETERS:
        value = request.GET.get(name, "")[:100]
        if name == "page":  # "007" and "7" are one page; "1" is the first (no parameter)
            try:
                number = PAGE.read(request)
            except Http404:
                return None
            value = str(number) if number > 1 else ""
        if value:
            kept.append((name, value))
    return request.path + ("?" + urlencode(kept) if kept else "")


# Part of every page's key: raise it when the stored entry's shape changes.
ENTRY_FORMAT = 2


def page_key(request: HttpRequest) -> str | None:
    path = cache_path(request)
    if path is None:
        return None
    # The release too: a deploy never serves pages the previous code rendered.
    return f"page:{ENTRY_FORMAT}:{release_id()}:{path}"


def lock_key(key: str, version: int) -> str:
    return f"lock:{key}:{version}"


# This process's copies of the pages it served lately. Every request still asks
# the shared cache for the content version, so a copy is used only while it is
# current; what it saves is fetching and unpickling the page on every hit.
_recent: dict[str, dict] = {}
RECENT_MAX = 128


def _lookup(key: str) -> dict:
    """The current content version and this page's last copy, in one round trip."""
    local = _recent.get(key)
    if local is not None:
        version = cache.get(VERSION_KEY)
        if _current(local, version):
            return {VERSION_KEY: version, key: local}
    found = cache.get_many([VERSION_KEY, key])
    entry = found.get(key)
    if _current(entry, found.get(VERSION_KEY)):
        _remember(key, entry)
    return found


def _remember(key: str, entry: dict) -> None:
    if len(_recent) >= RECENT_MAX and key not in _recent:
        _recent.clear()  # rare (the site has few pages); simpler than an LRU
    _recent[key] = entry


class PublicPageCacheMiddleware:
    """Answer an anonymous GET from the page cache before the rest of the stack runs.

    Sits below the middleware that add security headers (so hits get them too)
    and above sessions, CSRF, auth and messages, which have nothing to do for
    a cached public page. Misses, and pages that were never cached, go on to
    the view, whose `cached_public` reuses this lookup instead of repeating it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # Paths that never hold a cached public page: no cache lookup for them.
        self.uncached = (
            "/" + settings.ADMIN_URL,
            settings.STATIC_URL,
            "/healthz",
            "/bench/",
            "/subscribe/",
            "/unsubscribe/",
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in {"GET", "HEAD"}
            and _is_anonymous(request)
            and not request.path.startswith(self.uncached)
            and not (settings.BENCH_ENDPOINTS and request.headers.get("X-Bench-Render"))
        ):
            request.get_host()  # refuse a host outside ALLOWED_HOSTS, as CommonMiddleware does
            key = page_key(request)
            try:
                found = _lookup(key) if key is not None else {}
            except CACHE_ERRORS:
                request._public_cache_down = True  # the view renders without the cache
            else:
                if key is not None and _current(found.get(key), found.get(VERSION_KEY)):
                    response = _respond(request, found[key])
                    if response.status_code == 200:
                        response["Content-Length"] = str(len(response.content))
                    return response
                request._public_cache_found = found
        response = self.get_response(request)
        if getattr(request, "_public_page", False) and not response.has_header("Cache-Control"):
            # A public page's redirect or 404: browsers ask again each time (an old slug's
            # 301 must not stick), and a CDN holds it no longer than it holds a page.
            patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        return response


def _render_without_cache(request, view, args, kwargs) -> HttpResponse:
    try:
        response = view(request, *args, **kwargs)
    except DATABASE_DOWN:
        return _unavailable(request)
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=0)
    return response


def _unavailable(request: HttpRequest) -> HttpResponse:
    logger.error("Database unavailable and no cached copy of %s", request.path)
    body = render_to_string("503.html")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


def _render_once(
    request, view, args, kwargs, key: str, version: int, *, previous: dict | None
) -> dict | HttpResponse:
    """One request renders; the others get the previous copy, or wait briefly for the new one.

    A page is stored as an entry (a dict); a response that is not stored (a redirect)
    is returned as it is.
    """
    lock = lock_key(key, version)
    if cache.add(lock, 1, timeout=LOCK_TIMEOUT):
        try:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            entry = _stored(response, version, previous=previous)
            cache.set(key, entry, timeout=PAGE_TIMEOUT)
            _remember(key, entry)
            return entry
        finally:
            cache.delete(lock)
    if previous is not None:
        return previous
    deadline = time.monotonic() + WAIT_FOR_RENDER
    while time.monotonic() < deadline:
        time.sleep(0.05)
        entry = cache.get(key)
        if _current(entry, version):
            return entry
    response = view(request, *args, **kwargs)
    return _stored(response, version) if response.status_code == 200 else response

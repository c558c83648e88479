"""Caching for public pages: keyed on the site-wide content version.

Anonymous GETs are served from the configured cache (Redis in production)
with an ETag and CDN-friendly Cache-Control; any publish bumps the content
version, so the very next request renders afresh. Only one request renders
a missing page at a time; the others wait briefly for it, or get the
previous copy. Visitors with a session (staff) are never cached.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from warstatus.cache_version import content_version

# Browsers revalidate every time (a cheap 304 by ETag), so nobody keeps an old
# verdict after a change; a CDN may hold a page for 30 s and serve it while
# it revalidates.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "s_maxage": 30,
                        "stale_while_revalidate": 30}  # fmt: skip
PAGE_TIMEOUT = 24 * 3600
LOCK_TIMEOUT = 10
WAIT_FOR_RENDER = 2.0


def _is_anonymous(request: HttpRequest) -> bool:
    # Looking at request.user would load the session and add "Vary: Cookie".
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _stored(response: HttpResponse) -> dict:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (the sitemap view returns one)
    body = response.content
    return {
        "body": body,
        "status": response.status_code,
        "headers": {k: v for k, v in response.items() if k.lower() not in {"vary", "set-cookie"}},
        "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "last_modified": time.time(),
    }


def _respond(request: HttpRequest, entry: dict) -> HttpResponse:
    etag = entry["etag"]
    if_none_match = request.headers.get("If-None-Match")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if if_none_match is not None:
        not_modified = etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
    else:
        not_modified = since is not None and int(entry["last_modified"]) <= since
    if not_modified:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"], status=entry["status"])
        for key, value in entry["headers"].items():
            response[key] = value
    response["ETag"] = etag
    response["Last-Modified"] = http_date(entry["last_modified"])
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    return response


def cached_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or not _is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        version = content_version()
        key = f"page:{version}:{request.get_full_path()}"
        entry = cache.get(key)
        if entry is None:
            entry = _render_once(request, view, args, kwargs, key)
            if entry is None:  # not cacheable (an error page, a redirect)
                return view(request, *args, **kwargs)
        return _respond(request, entry)

    return wrapper


def _render_once(request, view, args, kwargs, key: str) -> dict | None:
    lock = f"lock:{key}"
    if cache.add(lock, 1, timeout=LOCK_TIMEOUT):
        try:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return None
            entry = _stored(response)
            cache.set(key, entry, timeout=PAGE_TIMEOUT)
            cache.set(f"last:{request.get_full_path()}", entry, timeout=PAGE_TIMEOUT)
            return entry
        finally:
            cache.delete(lock)
    # Another request is rendering this page: wait briefly, else serve the previous copy.
    deadline = time.monotonic() + WAIT_FOR_RENDER
    while time.monotonic() < deadline:
        time.sleep(0.05)
        entry = cache.get(key)
        if entry is not None:
            return entry
    previous = cache.get(f"last:{request.get_full_path()}")
    if previous is not None:
        return previous
    response = view(request, *args, **kwargs)
    return _stored(response) if response.status_code == 200 else None

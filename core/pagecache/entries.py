"""A rendered page as it is stored, and answered from storage with its validators.

An entry keeps the body and the headers a hit sends (built once, when it is stored),
its ETag and Last-Modified, the content version it was rendered under and, for pages
that change with the clock alone, when it stops being current. Conditional requests
are Django's own `get_conditional_response`.
"""

from __future__ import annotations

import functools
import hashlib
import time
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from core.pagecache.surrogate import key_headers, surrogate_control

# Browsers revalidate every time (a cheap 304 by ETag), so nobody keeps an old
# verdict after a change; a CDN may hold a page for 30 s and serve it while
# it revalidates.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "s_maxage": 30, "stale_while_revalidate": 30}

# Never stored: a copy goes to everyone, whatever they sent, and says so itself.
_NOT_KEPT = {"vary", "set-cookie", "cache-control", "surrogate-control"}


@dataclass(frozen=True)
class Entry:
    body: bytes
    headers: dict[str, str]
    etag: str
    last_modified: float
    # Last-Modified counts whole seconds: a client holding the previous copy from the
    # same second sends the same If-Modified-Since, so that date alone can't get a 304.
    shares_second: bool
    version: int
    fresh_until: float | None  # set by views whose page changes with the clock alone
    keys: tuple[str, ...] = ()  # the surrogate keys: what content the page shows

    def is_current(self, version: int | None) -> bool:
        """May be served: rendered under this content version or a later one (a process
        that has not yet read the newest version must not render over a newer copy),
        and not past its time. None (the version is not known): never."""
        if version is None or self.version < version:
            return False
        return self.fresh_until is None or time.time() < self.fresh_until

    @property
    def modified_second(self) -> int:
        """Last-Modified as the comparison with If-Modified-Since must see it: a copy that
        shares its second with the previous one counts as a second later, so only a date
        after that second gets a 304."""
        return int(self.last_modified) + (1 if self.shares_second else 0)


def is_current(entry: Entry | None, version: int | None) -> bool:
    return entry is not None and entry.is_current(version)


def entry_from(
    response: HttpResponse,
    version: int,
    *,
    previous: Entry | None = None,
    keys: tuple[str, ...] = (),
) -> Entry:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (the sitemap view returns one)
    body = response.content
    now = time.time()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    kept = {k: v for k, v in response.items() if k.lower() not in _NOT_KEPT}
    return Entry(
        body=body,
        headers={
            **kept,
            # Set here, not by CommonMiddleware: a hit is answered before it runs.
            "Content-Length": str(len(body)),
            "ETag": etag,
            "Last-Modified": http_date(now),
            "Cache-Control": public_cache_control(),
            **(key_headers(keys) if keys else {}),
        },
        etag=etag,
        last_modified=now,
        shares_second=previous is not None and int(previous.last_modified) == int(now),
        version=version,
        fresh_until=getattr(response, "fresh_until", None),
        keys=keys,
    )


@functools.cache
def public_cache_control() -> str:
    response = HttpResponse()
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    return response["Cache-Control"]


def respond(request: HttpRequest, entry: Entry, *, current: bool = True) -> HttpResponse:
    """The stored page, or a 304 (or 412) when the request's validators say so.

    A shared cache may keep a current copy for `shared_max_age()` (a publish purges it
    sooner), then asks again with its ETag and gets a 304 while nothing changed; a copy
    that is not current (one kept during a cache outage, or the last good one while the
    database is down) it must not keep at all, or it would
    outlive the purge that was meant to replace it.
    """
    response = HttpResponse(entry.body, headers=entry.headers)
    if current and entry.keys:
        response["Surrogate-Control"] = surrogate_control(entry.fresh_until)
    elif not current:
        response["Cache-Control"] = "public, max-age=0, s-maxage=0"
    answer = get_conditional_response(
        request, etag=entry.etag, last_modified=entry.modified_second, response=response
    )
    if answer is not response and "Surrogate-Control" in response:
        # A 304 to a shared cache revalidating its copy: keep it as long again.
        answer["Surrogate-Control"] = response["Surrogate-Control"]
    return answer

"""What a public view says about its page: that it is cached, which query parameters
make a different page, and when the clock alone changes it.

`cached_public` also answers a miss: it renders the page (once, see `locking`), stores
it and sends it. Visitors with a session get the view's own answer, never stored.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

from core.cache_version import content_version
from core.pagecache import outage_copies
from core.pagecache.anonymity import is_anonymous
from core.pagecache.entries import Entry, is_current, respond
from core.pagecache.keys import page_key
from core.pagecache.locking import render_once
from core.pagecache.memo import lookup
from core.pagecache.outages import CACHE_ERRORS, DATABASE_DOWN, unavailable
from core.pagecache.state import state_of
from core.pagecache.streams import for_the_shared_cache
from core.pagecache.variants import may_keep_another
from core.query import QueryParameter

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
SAFE_METHODS = {"GET", "HEAD"}


@dataclass(frozen=True)
class CachePolicy:
    """How a cached view's page is keyed (only these parameters make a separate copy),
    and the surrogate keys of the content it shows (`core.pagecache.surrogate`)."""

    vary_on_query: tuple[QueryParameter, ...] = ()
    keys: tuple[str, ...] = ()


# The attribute `cached_public` sets on the view it wraps; the middleware finds it there.
POLICY_ATTRIBUTE = "cache_policy"


def policy_of(view: Callable) -> CachePolicy | None:
    return getattr(view, POLICY_ATTRIBUTE, None)


def cached_public(
    view: View | None = None,
    *,
    vary_on_query: Sequence[QueryParameter] = (),
    keys: Sequence[str] = (),
) -> View | Callable[[View], View]:
    """Cache the view's page for anonymous GETs: `@cached_public(keys=(STATUS,))`, or
    `@cached_public(vary_on_query=(PAGE,), keys=(NEWS,))` for a view that reads ?page=.

    A query parameter not declared here is ignored for the key, so the view must not
    read one: the copy it renders would be served whatever the next visitor asks.
    `keys` name the content the page shows, so a shared cache in front can keep it
    (SHARED_CACHE_MAX_AGE) and a publish purges it. A page with none declared carries only `all`, which
    only a change of an unknown kind purges, so every view names what it shows
    (`tests/edge/test_surrogate_keys.py` checks that each one does).
    """
    if view is None:
        return functools.partial(cached_public, vary_on_query=vary_on_query, keys=keys)
    policy = CachePolicy(vary_on_query=tuple(vary_on_query), keys=tuple(keys))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        render = functools.partial(view, request, *args, **kwargs)
        if request.method not in SAFE_METHODS or not is_anonymous(request):
            response = render()
            patch_cache_control(response, private=True, no_store=True)
            return response
        key = page_key(request, policy.vary_on_query)
        if key is None:  # a parameter value no page answers to: the view's 404, not stored
            return _render_without_cache(request, render)
        return _cached_page(request, render, key, policy.keys)

    setattr(wrapper, POLICY_ATTRIBUTE, policy)
    return wrapper


def _cached_page(
    request: HttpRequest, render: Callable[[], HttpResponse], key: str, keys: tuple[str, ...]
) -> HttpResponse:
    state = state_of(request)
    if state.looked_up or state.cache_down:
        version = state.version
    else:
        version = state.version = content_version()
    try:
        if state.cache_down:
            raise ConnectionError("the middleware found the cache down")  # don't wait twice
        entry: Entry | None = state.entry if state.looked_up else lookup(key, version)
    except CACHE_ERRORS:
        logger.warning("Cache unavailable: %s from this process's copies", request.path)
        return _without_shared_cache(request, render, key, keys)
    if is_current(entry, version):
        return respond(request, entry)
    if version is None:
        # The database has not said which version is current (this process has not
        # read it yet, and it is down or hung): the last copy beats a wait on it.
        if entry is not None:
            return respond(request, entry, current=False)
        return _render_without_cache(request, render)
    try:
        fresh = render_once(
            render,
            key,
            version,
            previous=entry,
            declared_keys=keys,
            # A copy with query parameters counts against the path's day (`variants`).
            may_add=functools.partial(may_keep_another, request.path) if "?" in key else None,
        )
    except DATABASE_DOWN:
        # The database is down: serve the last good copy if there is one.
        logger.exception("Database error rendering %s", request.path)
        if entry is None:
            return unavailable(request)
        fresh = entry
    except CACHE_ERRORS:
        return _without_shared_cache(request, render, key, keys)
    if isinstance(fresh, HttpResponseBase):  # not stored (a redirect, a 404, a stream)
        if fresh.streaming and fresh.status_code == 200:
            return for_the_shared_cache(fresh, keys)  # too big for here; fine in front
        return fresh
    # A change committed while the page rendered has made it old already: the reader who
    # asked before the change gets it, but a shared cache must not keep it past the
    # purge that change sends (it would serve the old page after the new one).
    return respond(request, fresh, current=fresh.is_current(content_version()))


def _without_shared_cache(
    request: HttpRequest, render: Callable[[], HttpResponse], key: str, keys: tuple[str, ...]
) -> HttpResponse:
    """The cache is away: this process's copy if the database says it is current, or a
    render kept as that copy (`outage_copies`)."""
    copy = outage_copies.serve(request, key)
    if copy is not None:
        return copy
    try:
        return outage_copies.render_and_keep(request, render, key, keys)
    except DATABASE_DOWN:
        return unavailable(request)


def _render_without_cache(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    try:
        response = render()
    except DATABASE_DOWN:
        return unavailable(request)
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=0)
    return response


def expires_at(response: HttpResponse, *moments: datetime | None) -> HttpResponse:
    """Say that this page changes at the earliest of `moments` by the clock alone (no
    edit needed): its cached copy is rendered afresh then, whatever the content version."""
    moment = min(filter(None, moments), default=None)
    response.fresh_until = moment.timestamp() if moment is not None else None
    return response

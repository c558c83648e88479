"""What one request has learned on its way through the page cache.

The middleware looks a page up before sessions, CSRF and auth run; on a miss the
view's `cached_public` carries on from there. This one object on the request is how
the second hears what the first found, so nothing is asked of the cache or the session
store twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

ATTRIBUTE = "page_cache"


@dataclass
class PageCacheState:
    signed_in: bool | None = None  # None: the session store has not been asked yet
    looked_up: bool = False  # the middleware asked: `version` and `entry` are its answer
    version: int | None = None  # the content version (None: not known in this process yet)
    entry: object | None = None  # this page's copy in the cache (an Entry), current or not
    cache_down: bool = False  # the lookup failed: render without the cache, don't wait again


def state_of(request: HttpRequest) -> PageCacheState:
    state = getattr(request, ATTRIBUTE, None)
    if state is None:
        state = PageCacheState()
        setattr(request, ATTRIBUTE, state)
    return state

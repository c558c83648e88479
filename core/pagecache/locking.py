"""Render a missing page once: one request renders it, the others wait briefly for its
copy (and render it themselves if it does not come).

After a publish every page expires at once; without this each request for a busy page
would render it until the first copy was stored. The others do not get the previous
copy meanwhile: a reader may already have seen the new page (rendered while the shared
cache refused writes or was away, `outage_copies`, so the copy the cache still holds is
older than what was served), and an older verdict after a newer one is the one thing
the site promises never to show.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse

from core.pagecache.entries import Entry, entry_from
from core.pagecache.keys import lock_key
from core.pagecache.memo import remember
from core.pagecache.surrogate import page_keys

PAGE_TIMEOUT = 24 * 3600
# Longer than any render takes: a renderer that died lets the lock lapse.
LOCK_TIMEOUT = 10
WAIT_FOR_RENDER = 2.0
# A render takes about 20 ms: a waiting reader looks that often for its copy.
POLL_EVERY = 0.02


def render_once(
    render: Callable[[], HttpResponse],
    key: str,
    version: int,
    *,
    previous: Entry | None,
    declared_keys: tuple[str, ...] = (),
    may_add: Callable[[], bool] | None = None,
) -> Entry | HttpResponse:
    """The page's entry under `version`, rendered here or by whoever holds the lock.
    `previous`: the copy it replaces (not current), for its Last-Modified. `may_add`:
    asked before a page with no copy yet is stored (`variants`); False, it is not
    (None: always stored).

    A response that is not stored (a redirect, a 404, a stream) is returned as it is.
    """
    lock = lock_key(key, version)
    if cache.add(lock, 1, timeout=LOCK_TIMEOUT):
        try:
            response = render()
            if response.status_code != 200 or response.streaming:
                return response
            keys = page_keys(declared_keys, response)
            entry = entry_from(response, version, previous=previous, keys=keys)
            if previous is not None or may_add is None or may_add():
                cache.set(key, entry, timeout=PAGE_TIMEOUT)
                remember(key, entry)
            return entry
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + WAIT_FOR_RENDER
    while time.monotonic() < deadline:
        time.sleep(POLL_EVERY)
        # The lock read first: a renderer stores its copy before it lets the lock go, so
        # with the lock gone, a copy it stored is there to be read.
        found = cache.get_many([lock, key])
        entry = found.get(key)
        if entry is not None and entry.is_current(version):
            return entry
        if lock not in found:
            break  # it stored nothing (a redirect, a 404, a refused write): no copy comes
    response = render()  # the renderer is slow, gone or done without a copy: render here
    if response.status_code != 200 or response.streaming:
        return response
    return entry_from(response, version, previous=previous, keys=page_keys(declared_keys, response))

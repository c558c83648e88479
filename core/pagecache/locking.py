"""Render a missing page once: one request renders it, the others get the previous
copy, or wait briefly for the new one.

After a publish every page expires at once; without this each request for a busy page
would render it until the first copy was stored.
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


def render_once(
    render: Callable[[], HttpResponse],
    key: str,
    version: int,
    *,
    previous: Entry | None,
    declared_keys: tuple[str, ...] = (),
) -> Entry | HttpResponse:
    """The page's entry under `version`, rendered here or by whoever holds the lock
    (or `previous`, not current, while another request renders it).

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
            cache.set(key, entry, timeout=PAGE_TIMEOUT)
            remember(key, entry)
            return entry
        finally:
            cache.delete(lock)
    if previous is not None:
        return previous
    deadline = time.monotonic() + WAIT_FOR_RENDER
    while time.monotonic() < deadline:
        time.sleep(0.05)
        entry = cache.get(key)
        if entry is not None and entry.is_current(version):
            return entry
    response = render()  # the renderer is slow or gone: don't keep this reader waiting
    if response.status_code != 200 or response.streaming:
        return response
    return entry_from(response, version, keys=page_keys(declared_keys, response))

"""This process's copies of the pages it served lately.

A copy is used only while it is current (rendered under the content version or a later
one, `core.cache_version`, which lives in this process too): a hit then costs neither a
round trip to the shared cache nor unpickling the page.
"""

from __future__ import annotations

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache

from core.pagecache.entries import Entry, is_current

_recent: dict[str, Entry] = {}
RECENT_MAX = 128


def lookup(key: str, version: int | None) -> Entry | None:
    """This page's newest copy: this process's if current, else the shared cache's
    (current or not; None when it has none). Raises when the shared cache is away."""
    local = _recent.get(key)
    if is_current(local, version):
        return local
    entry = cache.get(key)
    if is_current(entry, version):
        remember(key, entry)
    return entry


def remember(key: str, entry: Entry) -> None:
    if isinstance(caches["default"], DummyCache):
        return  # caching is switched off: so is this
    if len(_recent) >= RECENT_MAX and key not in _recent:
        _recent.clear()  # rare (the site has few pages); simpler than an LRU
    _recent[key] = entry


def forget() -> None:
    """Drop every copy (the tests, between one test's data and the next)."""
    _recent.clear()

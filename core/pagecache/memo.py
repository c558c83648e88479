"""This process's copies of the pages it served lately.

Every request still asks the shared cache for the content version, so a copy is used
only while it is current; what it saves is fetching and unpickling the page on every hit.
"""

from __future__ import annotations

from django.core.cache import cache

from core.cache_version import KEY as VERSION_KEY
from core.pagecache.entries import Entry, is_current

_recent: dict[str, Entry] = {}
RECENT_MAX = 128


def lookup(key: str) -> dict:
    """The current content version and this page's last copy, in one round trip
    ({VERSION_KEY: version, key: entry}, either missing when the cache has none)."""
    local = _recent.get(key)
    if local is not None:
        version = cache.get(VERSION_KEY)
        if local.is_current(version):
            return {VERSION_KEY: version, key: local}
    found = cache.get_many([VERSION_KEY, key])
    entry = found.get(key)
    if is_current(entry, found.get(VERSION_KEY)):
        remember(key, entry)
    return found


def remember(key: str, entry: Entry) -> None:
    if len(_recent) >= RECENT_MAX and key not in _recent:
        _recent.clear()  # rare (the site has few pages); simpler than an LRU
    _recent[key] = entry

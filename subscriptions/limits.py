"""Counting requests against a limit: in the shared cache, or in this process while the
cache is away.

A reader's subscribe request must never answer 500 because Redis is down, hung or
refusing writes. Then each process counts on its own: a client spread over several
processes gets a few more tries than the limit, which is the price of answering.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache
from redis.exceptions import RedisError

# Counts kept while the cache is away, at most this many (the oldest go first): a flood
# of made-up addresses can't grow a process's memory.
LOCAL_KEYS = 10_000

_local: dict[str, tuple[int, float]] = {}  # key: (count, expires at, monotonic)
_lock = threading.Lock()


def count(key: str, period: int) -> int:
    """Count one more for `key`; how many there have been in its `period` (seconds)."""
    try:
        cache.add(key, 0, timeout=period)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            return 1
    except (RedisError, OSError):
        return _count_here(key, period)


def _count_here(key: str, period: int) -> int:
    now = time.monotonic()
    with _lock:
        number, expires = _local.get(key, (0, 0.0))
        if expires <= now:
            number, expires = 0, now + period
        _local.pop(key, None)  # re-inserted last: the dict's order is the age of use
        _local[key] = (number + 1, expires)
        while len(_local) > LOCAL_KEYS:
            del _local[next(iter(_local))]
        return number + 1

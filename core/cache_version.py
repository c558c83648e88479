"""A site-wide content version: every publish bumps it, and cached pages keyed on it expire.

`audit.record` calls `bump_content_version()` inside the caller's transaction
(every change to public content records an entry): once at once, and again when
the transaction commits. A bump lost to a cache outage is made up twice over:
by `bump_after_outage`, which the Redis cache backend runs in each process the moment
Redis answers again (so a page that process rendered afresh while Redis was away is
never followed by an older cached copy), and by `reconcile`, which beat runs every
minute. Redis calls are short and skipped while Redis is known to be away
(`core.redis_cache`), so a bump never holds up an editor's save.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import transaction

KEY = "content-version"
LAST_ENTRY_KEY = "content-version:last-entry"
logger = logging.getLogger(__name__)


def content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        version = time.time_ns()
        cache.add(KEY, version, timeout=None)
        version = cache.get(KEY, version)
    return version


def bump_content_version(*, entry_id: int) -> None:
    """`entry_id`: the audit entry that records the change."""
    # Now, so this process's next read is fresh; and again at commit, so a page
    # another process rendered from pre-commit data meanwhile is not kept. Only
    # the bump at commit notes the entry: if that one is lost, `reconcile` sees it.
    _set_new_version()
    transaction.on_commit(lambda: _set_new_version(entry_id=entry_id))


def bump_after_outage() -> None:
    """Move the version on before anything is read from a cache that was unreachable:
    bumps lost meanwhile would otherwise let the old copies come back. Raises while the
    cache is still away (the backend then keeps skipping it)."""
    cache.set(KEY, time.time_ns(), timeout=None)


def reconcile(*, latest_entry_id: int | None) -> bool:
    """Bump the version if the newest audit entry was never noted by a bump (the cache
    was unreachable when it was recorded). Beat runs this every minute, so a reader
    sees a change at most a minute late even then. True if it bumped."""
    try:
        noted = cache.get(LAST_ENTRY_KEY)
    except Exception:  # still down: the next run will try again
        logger.warning("Could not check the content version: cache unavailable")
        return False
    if latest_entry_id is None or noted == latest_entry_id:
        return False
    return _set_new_version(entry_id=latest_entry_id)


def _set_new_version(*, entry_id: int | None = None) -> bool:
    values = {KEY: time.time_ns()}
    if entry_id is not None:
        values[LAST_ENTRY_KEY] = entry_id
    try:
        cache.set_many(values, timeout=None)
    except Exception:  # a cache outage must not stop an editor's save
        logger.warning("Could not bump the content version: cache unavailable")
        return False
    return True

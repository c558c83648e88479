"""A site-wide content version: every publish bumps it, and cached pages keyed on it expire.

Services call `bump_content_version()` inside their transaction; the bump
runs only when that transaction commits, so readers never see a cache keyed
on content that was rolled back.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import transaction

KEY = "content-version"
logger = logging.getLogger(__name__)


def content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        version = time.time_ns()
        cache.add(KEY, version, timeout=None)
        version = cache.get(KEY, version)
    return version


def bump_content_version() -> None:
    # Now, so this process's next read is fresh; and again at commit, so a page
    # another process rendered from pre-commit data meanwhile is not kept.
    _set_new_version()
    transaction.on_commit(_set_new_version)


def _set_new_version() -> None:
    try:
        cache.set(KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001  a cache outage must not stop an editor's save
        # The pages cached under the old version went with the cache server.
        logger.warning("Could not bump the content version: cache unavailable")

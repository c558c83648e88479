"""A site-wide content version: every publish bumps it, and cached pages keyed on it expire.

Services call `bump_content_version()` inside their transaction; the bump
runs only when that transaction commits, so readers never see a cache keyed
on content that was rolled back.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

KEY = "content-version"


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
    cache.set(KEY, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(KEY, time.time_ns(), timeout=None))

"""Purging the shared caches when content changes, and filling them again.

`queue_purges` listens to the audit log (see apps.py): in the transaction that records
a change it writes one pending purge per configured cache (the outbox), with the keys
`core.pagecache.surrogate.keys_for_change` picks for that entry. Once the change
commits, the process that made it sends them itself, with a short timeout, so a purge
depends on neither the broker nor a worker: at once, and again when every web process
uses the new version (`_send_directly`); the worker's task (`edge.tasks.send_purges`)
follows as the retry, and purges once more a few seconds later. A cache that does not
confirm keeps its rows pending; beat sends them again every minute, all keys pending
for a cache in one call. And a shared cache keeps a page only SHARED_CACHE_MAX_AGE
seconds before revalidating: a purge lost to every one of these still costs no more.
Once a Varnish confirms, the worker fetches the most-read pages through it, so the
first reader after a change gets a hit, not a render.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from celery import current_app
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from core.cache_version import max_age as content_version_max_age
from core.pagecache.surrogate import keys_for_change
from core.queueing import send_quietly
from edge import targets
from edge.models import Purge, PurgeState

if TYPE_CHECKING:
    from audit.models import AuditEntry

logger = logging.getLogger(__name__)

# The longest the process that made a change waits on a cache for its purge (seconds).
DIRECT_TIMEOUT = 1.0
# The pages most readers ask for after a change; the changed object's own page is added.
WARM_PATHS = ("/", "/api/status.json", "/badge.svg", "/feeds/updates.xml")


def warm_paths() -> list[str]:
    """WARM_PATHS, and each other language's home page (/pl/, ...): a purge by key drops
    every language's copies, and readers of each language arrive at its home page."""
    return [*WARM_PATHS, *(f"/{code}/" for code in settings.SITE_LANGUAGES)]


def queue_purges(entry: AuditEntry) -> list[int]:
    """A pending purge per configured cache for the pages `entry`'s change alters."""
    configured = targets.configured()
    if not configured:
        return []
    content_type = entry.content_type
    keys = keys_for_change(
        app_label=content_type.app_label if content_type else None,
        model=content_type.model if content_type else None,
        object_id=entry.object_id or None,
        public=entry.public,
    )
    if not keys:
        return []
    paths = warm_paths()
    if entry.object_url and entry.object_url.startswith("/") and entry.object_url not in paths:
        paths.append(entry.object_url)
    rows = Purge.objects.bulk_create(
        Purge(keys=sorted(keys), target=name, warm_paths=paths, entry_id=entry.pk)
        for name in configured
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _send_after_commit(ids))
    return ids


def _send_after_commit(ids: list[int]) -> None:
    from edge.tasks import send_purges

    if current_app.conf.task_always_eager:
        # No broker at all (the tests): the task runs right here, now, and purges twice
        # itself; a thread racing it for the rows would only leave them half sent.
        send_quietly(send_purges, ids)
        return
    # On a thread of its own, so the editor's answer doesn't wait for it, and from here,
    # so neither the broker nor a worker stands between a change and its purge.
    sender = threading.Thread(target=_send_directly, args=(ids,), name="purge", daemon=True)
    sender.start()
    # And the worker, as the retry (rows one of them sent are skipped by the other).
    # Never waiting on a hung broker: unsent rows wait for beat's replay.
    send_quietly(send_purges, ids, countdown=_settle())


def _settle() -> float:
    """Seconds after a commit by which every web process uses its version: the others
    read it from the database within CONTENT_VERSION_MAX_AGE (core/cache_version.py)."""
    return content_version_max_age() + 0.2


def _send_directly(ids: list[int]) -> None:
    """Purge at once, then once more when every web process has the new version.

    At once is safe here: this process noted the new version before this ran (the
    version's own on-commit hook is registered first, by audit.record), and the workers
    forked from its parent share it (core.cache_version._Shared), so a page fetched
    from any of them now is the new one. Another server's processes may still be on
    the old version for CONTENT_VERSION_MAX_AGE: a reader's fetch there meanwhile could
    store the old page again, so the keys are purged again once that is over.
    """
    started = time.monotonic()
    try:
        send_pending(ids=ids, timeout=DIRECT_TIMEOUT)
        confirmed = list(
            Purge.objects.filter(pk__in=ids, state=PurgeState.DONE).values_list("pk", flat=True)
        )
        time.sleep(max(0.0, _settle() - (time.monotonic() - started)))
        send_pending(ids=ids, timeout=DIRECT_TIMEOUT)  # what was not confirmed
        repeat(confirmed, timeout=DIRECT_TIMEOUT)
    except Exception:  # the worker's task and beat send what is left
        logger.warning("Could not send the purges at once", exc_info=True)
    finally:
        connections.close_all()  # this thread's own


def send_pending(
    *, ids: Sequence[int] | None = None, timeout: float | None = None, warm_caches: bool = True
) -> int:
    """Send pending purges (these, or every one): one call per cache with every key
    pending for it, each waiting `timeout` seconds at most (else the targets' own).
    Rows another worker is sending are left to it. Returns how many rows are still
    pending."""
    configured = targets.configured()
    to_warm: dict[targets.Varnish, set[str]] = defaultdict(set)
    left = 0
    with transaction.atomic():
        rows = Purge.objects.select_for_update(skip_locked=True).filter(state=PurgeState.PENDING)
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        by_target: dict[str, list[Purge]] = defaultdict(list)
        for row in rows:
            by_target[row.target].append(row)
        for name, group in by_target.items():
            pks = [row.pk for row in group]
            target = configured.get(name)
            if target is None:
                Purge.objects.filter(pk__in=pks).update(state=PurgeState.DROPPED)
                continue
            try:
                target.purge(sorted({key for row in group for key in row.keys}), timeout=timeout)
            except targets.PurgeFailed as error:
                logger.warning("Purge not confirmed (%s); it will be sent again", error)
                Purge.objects.filter(pk__in=pks).update(
                    attempts=F("attempts") + 1, last_error=str(error)[:500]
                )
                left += len(pks)
                continue
            Purge.objects.filter(pk__in=pks).update(
                state=PurgeState.DONE,
                attempts=F("attempts") + 1,
                last_error="",
                done_at=timezone.now(),
            )
            if warm_caches and isinstance(target, targets.Varnish):
                to_warm[target].update(path for row in group for path in row.warm_paths)
    warm(to_warm)
    return left


def repeat(ids: Sequence[int], *, timeout: float | None = None) -> None:
    """Purge these (confirmed) keys once more, and warm again: a reader's fetch that
    began before the change committed may have stored the old page after the first
    purge. Best effort: the rows stay as they are."""
    configured = targets.configured()
    to_warm: dict[targets.Varnish, set[str]] = defaultdict(set)
    for row in Purge.objects.filter(pk__in=ids, state=PurgeState.DONE):
        target = configured.get(row.target)
        if target is None:
            continue
        try:
            target.purge(row.keys, timeout=timeout)
        except targets.PurgeFailed as error:
            logger.warning("Repeated purge not confirmed (%s)", error)
            continue
        if isinstance(target, targets.Varnish):
            to_warm[target].update(row.warm_paths)
    warm(to_warm)


def warm(paths_by_cache: dict[targets.Varnish, set[str]]) -> None:
    for cache, paths in paths_by_cache.items():
        for path in sorted(paths):
            try:
                cache.warm(path)
            except targets.PurgeFailed as error:
                logger.info("Could not warm %s: %s", path, error)

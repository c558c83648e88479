"""The worker's side of purging: thin, and safe to run twice (a purge is idempotent,
and rows another worker holds are skipped)."""

from __future__ import annotations

from celery import shared_task

from edge import services

# Seconds before each retry of a purge the cache did not confirm; beat takes over after.
BACKOFF = (1, 4, 15)
# Longer than a page takes to render: a fetch begun before the change has stored by then.
SETTLE_SECONDS = 5


@shared_task(name="edge.tasks.send_purges", acks_late=True)
def send_purges(purge_ids: list[int], attempt: int = 0) -> int:
    """Right after a change commits: purge its keys, then fill the caches again."""
    left = services.send_pending(ids=purge_ids)
    if left and attempt < len(BACKOFF):
        send_purges.apply_async((purge_ids, attempt + 1), countdown=BACKOFF[attempt])
    if not left and attempt == 0:
        repeat_purges.apply_async((purge_ids,), countdown=SETTLE_SECONDS)
    return left


@shared_task(name="edge.tasks.repeat_purges", acks_late=True)
def repeat_purges(purge_ids: list[int]) -> None:
    services.repeat(purge_ids)


@shared_task(name="edge.tasks.replay_purges", acks_late=True)
def replay_purges() -> int:
    """Beat, every minute: send every purge a cache has not confirmed."""
    return services.send_pending()

from celery import shared_task

from status import services


@shared_task(name="status.tasks.warn_if_stale", acks_late=True)
def warn_if_stale() -> int:
    """Beat: email the Editors once per stale period (safe to run as often as beat likes)."""
    return services.notify_if_stale()

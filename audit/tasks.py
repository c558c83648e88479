from celery import shared_task

from audit.selectors import newest_onstage_entry_id
from core import cache_version


@shared_task(name="audit.tasks.reconcile_content_version")
def reconcile_content_version() -> bool:
    """Beat, every minute: make up a content-version bump lost to a cache outage, so
    cached pages never outlive a change by more than a minute."""
    return cache_version.reconcile(latest_entry_id=newest_onstage_entry_id())

from celery import shared_task

from audit.models import AuditEntry
from core import cache_version


@shared_task(name="audit.tasks.reconcile_content_version")
def reconcile_content_version() -> bool:
    """Beat, every minute: make up a content-version bump lost to a cache outage, so
    cached pages never outlive a change by more than a minute."""
    latest = AuditEntry.objects.onstage().order_by("-id").values_list("id", flat=True).first()
    return cache_version.reconcile(latest_entry_id=latest)

"""The outbox: the intent to tell readers about a public change, written with the change.

`record_announcement` listens to the audit log (registered in apps.py) and runs inside
the transaction that records a public entry: it writes an `Announcement` row there, so
the intent commits exactly when the change does, whatever Redis, the broker or the mail
server are doing. After the commit it nudges a worker (`nudge`): a hint that never
blocks for long and never fails the save. Beat's sweep (`subscriptions.tasks.deliver_due`,
every minute) delivers whatever a lost nudge, a dead worker or an outage left behind.

`fan_out_due` turns each new announcement into one delivery per reader and webhook
listening at that moment that was already active when the announcement was written
(`hears_after`, an announcement id recorded as each became active); it is safe to run
twice, or in two workers at once. What the
status app announces (the verdict, the indicators) is emailed at once; every other
notable update is posted to webhooks at once but waits for readers' daily digest
(`subscriptions/digest.py`), so a busy day of links is one email, not twenty.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from audit.hooks import announcing_again, is_news
from audit.models import Action
from core.queueing import send_quietly
from status.selectors import status_payload
from subscriptions.models import Announcement, EmailDelivery, Subscriber, Webhook, WebhookDelivery

if TYPE_CHECKING:
    from audit.models import AuditEntry

logger = logging.getLogger(__name__)

VERDICT_CHANGED = "verdict_changed"
CHANGELOG_ENTRY = "changelog_entry"
# Routine checks are public but not news: nobody is told "nothing changed".
ANNOUNCED = {
    Action.VERDICT_CHANGED,
    Action.PUBLISHED,
    Action.HIDDEN,
    Action.CHANGED,
    Action.CREATED,
    Action.UNPUBLISHED,
    Action.RESTORED,
}
# A nudge still queued after this is dropped: the sweep has done its work by then.
NUDGE_EXPIRES = 300
FAN_OUT_BATCH = 1000
_Fanned = TypeVar("_Fanned", bound=Model)
# Changes to what the status box shows: readers who chose them are emailed at once.
IMMEDIATE_APPS = {"status"}


def record_announcement(entry: AuditEntry) -> None:
    """The audit log's listener: inside the transaction that records `entry`.

    Not news (launch content, an editor's "not newsworthy"), and a page published
    again after it was announced once, are on the changelog but nobody is told."""
    if entry.action not in ANNOUNCED or not is_news() or _announced_before(entry):
        return
    event = VERDICT_CHANGED if entry.action == Action.VERDICT_CHANGED else CHANGELOG_ENTRY
    Announcement.objects.create(
        entry=entry,
        event=event,
        for_digest=event != VERDICT_CHANGED and not _about_the_status(entry),
        webhook_payload={
            **status_payload(),
            "event": event,
            "event_id": f"entry-{entry.pk}",
            "summary_of_change": entry.summary,
            "note": entry.note,
        },
        created_at=entry.created_at,
    )
    transaction.on_commit(nudge)


def _announced_before(entry: AuditEntry) -> bool:
    """A page is announced as published once: published again (unhidden, rescheduled,
    restored) it is not news again, unless an editor says so (`announce_again`)."""
    if entry.action != Action.PUBLISHED or not entry.content_type_id or announcing_again():
        return False
    return Announcement.objects.filter(
        entry__content_type_id=entry.content_type_id,
        entry__object_id=entry.object_id,
        entry__action=Action.PUBLISHED,
    ).exists()


def _about_the_status(entry: AuditEntry) -> bool:
    if not entry.content_type_id:
        return False
    # Cached by Django: no query per entry.
    return ContentType.objects.get_for_id(entry.content_type_id).app_label in IMMEDIATE_APPS


def ensure_announcement(*, entry_id: int) -> None:
    """For an announcement queued the old way (a task naming the entry, from before the
    outbox): its row, if the entry is one readers hear of and it has none yet."""
    from audit.models import AuditEntry

    entry = AuditEntry.objects.filter(pk=entry_id, public=True).first()
    if entry is None or Announcement.objects.filter(entry=entry).exists():
        return
    with transaction.atomic():
        record_announcement(entry)


def nudge() -> None:
    """Ask a worker to deliver now. Only a hint: beat's sweep delivers in any case."""
    from subscriptions.tasks import deliver_due

    send_quietly(deliver_due, expires=NUDGE_EXPIRES)


def fan_out_due() -> int:
    """Write the deliveries of every announcement not yet fanned out; how many."""
    return fan_out_each(Announcement.objects.order_by("id"), _fan_out)


def fan_out_each(rows: QuerySet[_Fanned], fan_out: Callable[[_Fanned], None]) -> int:
    """`fan_out` each of `rows` (announcements or digests) not yet fanned out, one
    transaction each; how many. Two workers at once each take different rows (a row
    another holds is skipped), and a row is never fanned out twice."""
    done = 0
    while True:
        with transaction.atomic():
            row = (
                rows.filter(fanned_out_at__isnull=True).select_for_update(skip_locked=True).first()
            )
            if row is None:
                return done
            fan_out(row)
        done += 1


def _fan_out(announcement: Announcement) -> None:
    now = timezone.now()
    rows = {"created_at": now, "due_at": now, "give_up_at": now + settings.DELIVERY_RETRY_WINDOW}
    # Only readers and webhooks active before the change: one that subscribed while the
    # announcement waited here is not told of what happened before it existed.
    readers = Subscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True, hears_after__lt=announcement.pk
    )
    hooks = Webhook.objects.filter(active=True, hears_after__lt=announcement.pk)
    if announcement.event != VERDICT_CHANGED:
        readers = readers.filter(changelog_too=True)
        hooks = hooks.filter(changelog_too=True)
    if announcement.for_digest:
        readers = readers.none()  # the daily digest tells them
    EmailDelivery.objects.bulk_create(
        (
            EmailDelivery(announcement=announcement, subscriber_id=pk, **rows)
            for pk in readers.values_list("pk", flat=True).iterator()
        ),
        batch_size=FAN_OUT_BATCH,
        ignore_conflicts=True,
    )
    WebhookDelivery.objects.bulk_create(
        (
            WebhookDelivery(announcement=announcement, webhook_id=pk, **rows)
            for pk in hooks.values_list("pk", flat=True)
        ),
        ignore_conflicts=True,
    )
    announcement.fanned_out_at = now
    announcement.save(update_fields=["fanned_out_at"])

"""The daily digest: notable updates told to readers in one email a day.

What the status app announces (the verdict, the indicators) is emailed at once. Every
other notable update (a link, an explainer, an FAQ answer, an incident) is posted to
webhooks at once but waits here for readers: beat runs `write_due_digest` every minute,
and the first run at or after DIGEST_TIME (UK time) writes that day's `Digest`,
gathering every such announcement not yet in one. The day is unique, so two beats, a
rerun or a nudge never make a second digest for it; a run missed while beat was down is
made up by the next one (the latest DIGEST_TIME passed is the one due). A day with
nothing new gets an empty digest, so an update published later that day waits for the
next morning instead of going out alone.

`fan_out_due` then writes one email delivery per reader who wants notable updates at
that moment, and `delivery.py` sends, retries and records them exactly as an
announcement's emails (leases, the retry window, failed and resend, staff alerts).
So a reader who confirmed last night gets this morning's digest, updates from before
they subscribed included (they asked for notable updates; the digest is the day's
news); one who unsubscribes before their copy goes out gets nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from subscriptions.models import Announcement, Digest, EmailDelivery, Subscriber
from subscriptions.outbox import fan_out_each

FAN_OUT_BATCH = 1000


def due_slot(now: datetime) -> tuple[date, datetime]:
    """The latest DIGEST_TIME at or before `now`: its UK day, and that moment.

    On the day the clocks go forward a time in the missing hour falls an hour later;
    on the day they go back a time in the repeated hour is its first occurrence.
    """
    uk = timezone.get_default_timezone()
    day = timezone.localtime(now, uk).date()
    at = datetime.combine(day, settings.DIGEST_TIME, tzinfo=uk)
    if at > now:
        day -= timedelta(days=1)
        at = datetime.combine(day, settings.DIGEST_TIME, tzinfo=uk)
    return day, at


def write_due_digest(*, now: datetime | None = None) -> Digest | None:
    """Write the digest now due, if it is not written yet; the new digest, or None."""
    now = now or timezone.now()
    day, due_at = due_slot(now)
    if Digest.objects.filter(day=day).exists():
        return None
    try:
        with transaction.atomic():
            # The unique day decides between two runs at once: the second waits on the
            # first's insert and fails here, leaving the announcements to the first.
            digest = Digest.objects.create(day=day, due_at=due_at, created_at=now)
            updates = Announcement.objects.filter(for_digest=True, digest__isnull=True).update(
                digest=digest
            )
            digest.updates = updates
            if not updates:  # nothing notable: nobody is emailed
                digest.fanned_out_at = digest.settled_at = now
            digest.save(update_fields=["updates", "fanned_out_at", "settled_at"])
    except IntegrityError:
        return None
    return digest


def fan_out_due() -> int:
    """Write the emails of every digest not yet fanned out; how many digests."""
    return fan_out_each(Digest.objects.order_by("day"), _fan_out)


def _fan_out(digest: Digest) -> None:
    now = timezone.now()
    readers = Subscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True, changelog_too=True
    )
    EmailDelivery.objects.bulk_create(
        (
            EmailDelivery(
                digest=digest,
                subscriber_id=pk,
                created_at=now,
                due_at=now,
                give_up_at=now + settings.DELIVERY_RETRY_WINDOW,
            )
            for pk in readers.values_list("pk", flat=True).iterator()
        ),
        batch_size=FAN_OUT_BATCH,
        ignore_conflicts=True,
    )
    digest.fanned_out_at = now
    digest.save(update_fields=["fanned_out_at"])

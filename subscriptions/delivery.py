"""Delivering announcements and digests: each email and webhook post claimed, sent, and
recorded. A reader's copy of the daily digest is an email delivery like any other: the
same claim, send, retry and record below; only its words differ (`_message_for`).

A worker claims one due delivery at a time for a lease (`DELIVERY_LEASE`; on PostgreSQL
with SELECT ... FOR UPDATE SKIP LOCKED, so workers running at once never take the same
one), sends it, and only then records the outcome. A worker killed mid-send leaves the
lease to lapse and the delivery is due again. So each reader gets the email at least
once, and twice only if the mail server took it and the acknowledgement was lost (the
same Message-ID both times, so mail programs show it once).

A failure that trying again could mend is retried with a growing delay until
`DELIVERY_RETRY_WINDOW` has passed, then recorded as failed with its reason; one that
cannot (an address the server refuses for good, a header that can't be encoded) is
failed at once. Either way the run goes on with the others. When the mail server
itself is away, every due email waits for the next try instead of each spending a
timeout on it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Least
from django.utils import timezone

from subscriptions import announce, digest, outbox, wording
from subscriptions.announce import MailServerUnavailable, Outcome
from subscriptions.models import Delivery, DeliveryState, EmailDelivery, WebhookDelivery

# A run stops claiming after this long, well inside the task's soft time limit (240 s);
# beat's next sweep carries on.
RUN_BUDGET = 180.0
# Emails and posts take turns, so a slow webhook receiver cannot starve the readers'
# emails, nor thousands of emails the webhooks.
EMAILS_PER_TURN = 50
POSTS_PER_TURN = 10
LONGEST_DELAY = 3600.0


def deliver_due(*, budget: float = RUN_BUDGET) -> dict[str, int]:
    """Everything due: new announcements and digests fanned out, then emails and posts
    until none is due or `budget` seconds have passed. How many of each were attempted."""
    deadline = time.monotonic() + budget
    run = Run(started=timezone.now(), deadline=deadline)
    outbox.fan_out_due()
    digest.fan_out_due()
    attempted = {"emails": 0, "posts": 0}
    while time.monotonic() < deadline:
        emails = deliver_emails(limit=EMAILS_PER_TURN, run=run)
        posts = deliver_posts(limit=POSTS_PER_TURN, run=run)
        attempted["emails"] += emails
        attempted["posts"] += posts
        if not emails and not posts:
            break
    return attempted


@dataclass(frozen=True)
class Run:
    """One pass over what is due: each delivery is tried at most once per run, so one
    that keeps failing waits for the next run instead of spinning in this one."""

    started: datetime
    deadline: float  # time.monotonic()

    def going(self) -> bool:
        return time.monotonic() < self.deadline


def deliver_emails(*, limit: int, run: Run) -> int:
    """Up to `limit` due emails over one connection; how many were claimed."""
    connection = None
    claimed = 0
    server_failures = 0
    # By announcement or digest and language: their words are read once per language,
    # not once per reader.
    texts: dict[tuple[str, int, str], wording.Wording | wording.DigestWording] = {}
    try:
        while claimed < limit and run.going():
            delivery = _claim(EmailDelivery, run, "subscriber", "announcement__entry", "digest")
            if delivery is None:
                break
            claimed += 1
            if not delivery.subscriber.active:
                _cancel(delivery, "The reader unsubscribed before it was sent.")
                continue
            if delivery.digest_id and not delivery.subscriber.changelog_too:
                _cancel(delivery, "The reader chose verdict changes only before it was sent.")
                continue
            message = _message_for(delivery, texts)
            try:
                if connection is None:
                    connection = announce.open_connection()
                outcome = announce.send_email(message, connection)
            except MailServerUnavailable as exc:
                announce.close_quietly(connection)
                connection = None
                server_failures += 1
                if server_failures > 1:  # not a dropped connection: the server is away
                    _mail_server_unavailable(delivery, str(exc))
                    break
                _record(delivery, announce.later(str(exc)))
                continue
            server_failures = 0
            _record(delivery, outcome)
    finally:
        announce.close_quietly(connection)
    return claimed


def _message_for(delivery: EmailDelivery, texts: dict) -> EmailMessage:
    """The reader's copy of what the delivery carries: one change, or a day's digest,
    in the reader's language (the words read once per language, at sending time)."""
    language = wording.reader_language(delivery.subscriber.language)
    if delivery.digest_id:
        key = ("digest", delivery.digest_id, language)
        if key not in texts:
            texts[key] = wording.for_digest(delivery.digest, language)
        return announce.digest_email_for(
            subscriber=delivery.subscriber, digest=delivery.digest, text=texts[key]
        )
    entry = delivery.announcement.entry
    key = ("entry", entry.pk, language)
    if key not in texts:
        texts[key] = wording.for_entry(entry, language)
    return announce.email_for(subscriber=delivery.subscriber, entry=entry, text=texts[key])


def deliver_posts(*, limit: int, run: Run) -> int:
    """Up to `limit` due webhook posts; how many were claimed."""
    claimed = 0
    while claimed < limit and run.going():
        delivery = _claim(WebhookDelivery, run, "webhook", "announcement")
        if delivery is None:
            break
        claimed += 1
        if not delivery.webhook.active:
            _cancel(delivery, "The webhook was switched off before it was sent.")
            continue
        result = announce.post_webhook(
            url=delivery.webhook.url,
            secret=delivery.webhook.secret,
            payload=delivery.announcement.webhook_payload,
            # A post never outlives its lease, so no other worker sends it meanwhile.
            timeout=settings.DELIVERY_LEASE.total_seconds() / 3,
        )
        _record(
            delivery,
            result.outcome,
            last_status=result.outcome.status,
            last_response=result.response[:1000],
        )
    return claimed


def _claim(model: type[Delivery], run: Run, *related: str) -> Delivery | None:
    """The next due delivery not yet tried in this run, held for a lease; or None."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            model.objects.due(now)
            .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=run.started))
            .select_related(*related)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("due_at", "id")
            .first()
        )
        if delivery is None:
            return None
        delivery.lease_until = now + settings.DELIVERY_LEASE
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.save(update_fields=["lease_until", "attempts", "last_attempt_at"])
    return delivery


def retry_delay(attempts: int) -> timedelta:
    """The wait after `attempts` tries: DELIVERY_RETRY_BACKOFF, doubling, at most an hour."""
    first = settings.DELIVERY_RETRY_BACKOFF.total_seconds()
    return timedelta(seconds=min(first * 2 ** min(max(attempts - 1, 0), 30), LONGEST_DELAY))


def gave_up(reason: str, since: datetime) -> str:
    window = settings.DELIVERY_RETRY_WINDOW
    return (
        f"Gave up after trying for {_duration(window)} (since {since:%Y-%m-%d %H:%M} UTC): {reason}"
    )


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} s"


def _record(delivery: Delivery, outcome: Outcome, **fields) -> None:
    """What came of one attempt. Only a pending delivery fails or waits: a copy that
    another worker delivered after this one's lease lapsed stays delivered."""
    now = timezone.now()
    rows = type(delivery).objects.filter(pk=delivery.pk)
    if outcome.delivered:
        rows.update(
            state=DeliveryState.DELIVERED,
            delivered_at=now,
            lease_until=None,
            last_error="",
            **fields,
        )
        return
    pending = rows.filter(state=DeliveryState.PENDING)
    if outcome.final or now >= delivery.give_up_at:
        reason = outcome.reason if outcome.final else gave_up(outcome.reason, delivery.created_at)
        pending.update(
            state=DeliveryState.FAILED, failed_at=now, lease_until=None, last_error=reason, **fields
        )
        return
    pending.update(
        due_at=min(now + retry_delay(delivery.attempts), delivery.give_up_at),
        lease_until=None,
        last_error=outcome.reason,
        **fields,
    )


def _cancel(delivery: Delivery, reason: str) -> None:
    type(delivery).objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
        state=DeliveryState.CANCELLED, lease_until=None, last_error=reason
    )


def _mail_server_unavailable(delivery: EmailDelivery, reason: str) -> None:
    """The mail server is away: this email and every other due one wait for the next
    try together (those past their window fail), rather than each spending a timeout."""
    _record(delivery, announce.later(reason))
    now = timezone.now()
    due = EmailDelivery.objects.due(now)
    for overdue in due.filter(give_up_at__lte=now).only("pk", "created_at"):
        EmailDelivery.objects.filter(pk=overdue.pk, state=DeliveryState.PENDING).update(
            state=DeliveryState.FAILED,
            failed_at=now,
            last_error=gave_up(reason, overdue.created_at),
        )
    due.update(
        due_at=Least(
            Value(now + retry_delay(delivery.attempts), output_field=DateTimeField()),
            F("give_up_at"),
        ),
        last_error=reason,
    )

"""Announce a verdict change or a notable changelog entry to subscribers and webhooks.

    email_subscribers(*, entry_id) -> int     (emails sent now)
    queue_webhooks(*, entry_id) -> list[int]  (delivery ids to post)
    post_webhook(*, delivery_id) -> bool      (True once delivered)

Each email is recorded *before* it is sent, in its own transaction, so a task run
twice, or resumed after a worker died, never sends the same change to an address twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from audit.models import Action, AuditEntry
from core.safe_http import FetchError, open_url
from status.selectors import status_payload
from subscriptions.models import EmailDelivery, Subscriber, Webhook, WebhookDelivery
from subscriptions.services import list_headers, unsubscribe_link

BATCH = 200
WEBHOOK_TIMEOUT = 10  # seconds for the whole exchange
# Only an excerpt is kept; a receiver has no reason to answer at length.
WEBHOOK_RESPONSE_MAX = 64 * 1024
logger = logging.getLogger(__name__)
# Routine checks are public but not news: nobody is emailed "nothing changed".
ANNOUNCED = {
    Action.VERDICT_CHANGED,
    Action.PUBLISHED,
    Action.HIDDEN,
    Action.CHANGED,
    Action.CREATED,
    Action.UNPUBLISHED,
    Action.RESTORED,
}


def _entry(entry_id: int) -> AuditEntry | None:
    entry = AuditEntry.objects.filter(pk=entry_id, public=True).first()
    return entry if entry is not None and entry.action in ANNOUNCED else None


class ReadersDeferred(smtplib.SMTPException):
    """Some readers' servers said "try later": the task retries just those."""


def email_subscribers(*, entry_id: int) -> int:
    """Email each reader once. Safe to run again: it carries on with who is left."""
    entry = _entry(entry_id)
    if entry is None:
        return 0
    verdict_change = entry.action == Action.VERDICT_CHANGED
    event = f"entry-{entry.pk}"
    audience = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    if not verdict_change:
        audience = audience.filter(changelog_too=True)
    already = EmailDelivery.objects.filter(event=event).values_list("subscriber_id", flat=True)
    audience = audience.exclude(pk__in=already).order_by("pk")
    when = timezone.localtime(entry.created_at)
    sent = deferred = 0
    # Opened before anything is recorded: a server that can't be reached fails here.
    with get_connection() as connection:
        for subscriber in audience.iterator(chunk_size=BATCH):
            # Recorded before sending, so a worker killed mid-send never sends it twice
            # (`sent_at` stays empty: the outcome is unknown).
            try:
                with transaction.atomic():
                    delivery = EmailDelivery.objects.create(subscriber=subscriber, event=event)
            except IntegrityError:
                continue  # another run took this one
            message = _message(subscriber, entry, when, verdict_change)
            message.connection = connection
            outcome = _send(message, delivery)
            if outcome is SENT:
                EmailDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
                sent += 1
            elif outcome is LATER:
                deferred += 1
    if deferred:
        raise ReadersDeferred(f"{deferred} reader(s) to try again later")
    return sent


SENT, REFUSED, LATER = "sent", "refused", "later"


def _send(message: EmailMessage, delivery: EmailDelivery) -> str:
    """One reader's email: SENT; REFUSED for good (recorded, never retried); or LATER
    (record dropped, the task's retry tries again). Raises when the whole batch must wait."""
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:  # before the message: certainly not sent
        codes = [code for code, _ in exc.recipients.values()]
        if 421 in codes:  # the server is closing the connection: the batch waits
            _forget(delivery)
            raise
        if all(code >= 500 for code in codes):
            logger.warning("Mail server refused %s for good: %s", message.to, exc.recipients)
            return REFUSED
        _forget(delivery)
        return LATER
    except smtplib.SMTPDataError as exc:  # the server turned this message away
        if exc.smtp_code >= 500:
            logger.warning("Mail server refused the email to %s: %s", message.to, exc)
            return REFUSED
        _forget(delivery)
        return LATER
    except (smtplib.SMTPSenderRefused, smtplib.SMTPHeloError, smtplib.SMTPAuthenticationError):
        _forget(delivery)  # refused before this message was accepted: nothing was sent
        raise
    except (smtplib.SMTPException, OSError):
        # The connection failed while sending: the server may have queued the email.
        # Never twice: the record stays (outcome unknown) and the retry does the rest.
        raise
    return SENT


def _forget(delivery: EmailDelivery) -> None:
    try:
        delivery.delete()
    except DatabaseError:
        # The reader keeps a record without `sent_at` and is not retried: logged, not lost silently.
        logger.exception(
            "Could not forget the unsent email to subscriber %s", delivery.subscriber_id
        )


def _message(subscriber, entry, when, verdict_change: bool) -> EmailMessage:
    subject = ("The answer has changed: " if verdict_change else "Update: ") + entry.summary
    body = (
        f"{entry.summary}\n\n"
        + (f"Why: {entry.note}\n\n" if entry.note else "")
        + f"{when:%A %-d %B %Y, %H:%M} {when.tzname()} (UK time)\n"
        f"{settings.SITE_URL}/\n\n"
        f"Unsubscribe with one click: {unsubscribe_link(subscriber)}\n"
    )
    return EmailMessage(
        subject=f"[{settings.SITE_NAME}] {subject[:150]}",
        body=body,
        to=[subscriber.email],
        headers=list_headers(subscriber),
    )


def queue_webhooks(*, entry_id: int) -> list[int]:
    entry = _entry(entry_id)
    if entry is None:
        return []
    event = "verdict_changed" if entry.action == Action.VERDICT_CHANGED else "changelog_entry"
    hooks = Webhook.objects.filter(active=True)
    if event != "verdict_changed":
        hooks = hooks.filter(changelog_too=True)
    payload = {
        **status_payload(),
        "event": event,
        "event_id": f"entry-{entry.pk}",
        "summary_of_change": entry.summary,
        "note": entry.note,
    }
    ids = []
    for hook in hooks:
        delivery, _ = WebhookDelivery.objects.get_or_create(
            webhook=hook, event=f"entry-{entry.pk}", defaults={"payload": payload}
        )
        if delivery.delivered_at is None:
            ids.append(delivery.pk)
    return ids


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: what receivers recompute to verify."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def post_webhook(*, delivery_id: int) -> bool:
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.delivered_at is not None:
        return True
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    status, text = None, ""
    try:
        status, text = _post(
            delivery.webhook.url,
            body,
            {
                "Content-Type": "application/json",
                "User-Agent": settings.FEEDS_USER_AGENT,
                "X-Warstatus-Event": delivery.payload.get("event", ""),
                "X-Warstatus-Timestamp": timestamp,
                "X-Warstatus-Signature": sign(delivery.webhook.secret, timestamp, body),
            },
        )
    except FetchError as exc:
        text = exc.message
    ok = status is not None and 200 <= status < 300
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts + 1,
        last_status=status,
        last_response=text[:1000],
        last_attempt_at=timezone.now(),
        delivered_at=timezone.now() if ok else None,
    )
    return ok


def _post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST under the same rules as feed fetching; the status, and the answer's start."""
    with open_url(
        "POST",
        url,
        headers=headers,
        content=body,
        allow_private=settings.FEEDS_ALLOW_PRIVATE,
        timeout=WEBHOOK_TIMEOUT,
    ) as response:
        try:
            text = response.read(WEBHOOK_RESPONSE_MAX).decode("utf-8", errors="replace")
        except FetchError as exc:
            # The receiver has answered: its status stands, whatever its body is like.
            text = exc.message
        return response.status, text[:1000]

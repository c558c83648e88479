"""Thin Celery tasks for readers' updates; the work is in delivery.py and services.py."""

import smtplib

from celery import shared_task

from subscriptions import delivery, digest, monitoring, outbox, services


@shared_task(name="subscriptions.tasks.deliver_due", acks_late=False, ignore_result=True)
def deliver_due() -> None:
    """Beat every minute, and a nudge after each change: deliver whatever is due, then
    settle finished announcements and alert staff about stuck ones. Safe to run twice or
    at once. Acknowledged on receipt: a run lost with its worker is made up by the next
    sweep, where acking late would only hand it out again an hour later."""
    delivery.deliver_due()
    monitoring.settle_and_alert()


@shared_task(name="subscriptions.tasks.write_digest", acks_late=False, ignore_result=True)
def write_digest() -> None:
    """Beat every minute: write the daily digest once DIGEST_TIME has passed (once per
    day, whoever runs it and however often), then deliver it at once. Most minutes
    write nothing and sweep nothing: `deliver_due`, every minute too, delivers the rest
    (a digest written by a run that died before sending included)."""
    if digest.write_due_digest() is not None:
        deliver_due()


@shared_task(name="subscriptions.tasks.announce_entry", ignore_result=True)
def announce_entry(entry_id: int) -> None:
    """Queued by the code before the outbox (still in a queue during an upgrade)."""
    outbox.ensure_announcement(entry_id=entry_id)
    deliver_due.delay()


@shared_task(name="subscriptions.tasks.send_emails", ignore_result=True)
def send_emails(entry_id: int) -> None:
    """Queued by the code before the outbox (still in a queue during an upgrade)."""
    announce_entry(entry_id)


@shared_task(
    name="subscriptions.tasks.send_confirmation",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=20,
)
def send_confirmation(subscriber_id: int) -> None:
    """The reply to a subscribe request, retried while the mail server is away."""
    services.send_confirmation(subscriber_id=subscriber_id)

import smtplib

from celery import shared_task
from django.db import OperationalError, transaction

from subscriptions import announce, services
from subscriptions.models import WebhookDelivery

MAX_WEBHOOK_ATTEMPTS = 8


def announce_after_commit(entry) -> None:
    """Listens to the audit log (see apps.py): a public entry reaches readers once committed."""
    transaction.on_commit(lambda: announce_entry.delay(entry.pk))


@shared_task(name="subscriptions.tasks.announce_entry", acks_late=True)
def announce_entry(entry_id: int) -> None:
    """After a public audit entry commits: emails (batched) and webhook posts."""
    send_emails.delay(entry_id)
    for delivery_id in announce.queue_webhooks(entry_id=entry_id):
        post_webhook.delay(delivery_id)


@shared_task(
    name="subscriptions.tasks.send_emails",
    acks_late=True,
    # ReadersDeferred is an SMTPException; OperationalError: the database went away.
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError),
    retry_backoff=30,
    max_retries=6,
)
def send_emails(entry_id: int) -> int:
    """Safe to run twice: each address is recorded before it is sent to."""
    return announce.email_subscribers(entry_id=entry_id)


@shared_task(name="subscriptions.tasks.post_webhook", acks_late=True)
def post_webhook(delivery_id: int) -> bool:
    """One attempt; a failure schedules the next with exponential backoff (30 s, 1 min, …)."""
    delivered = announce.post_webhook(delivery_id=delivery_id)
    if not delivered:
        attempts = WebhookDelivery.objects.get(pk=delivery_id).attempts
        if attempts < MAX_WEBHOOK_ATTEMPTS:
            post_webhook.apply_async(args=[delivery_id], countdown=30 * 2 ** (attempts - 1))
    return delivered


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

"""Deliveries recorded before the outbox: those sent are done, the others due again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit import chain, hooks
from audit import services as audit
from audit.models import Action, AuditEntry
from subscriptions.delivery import deliver_due
from subscriptions.models import Announcement, DeliveryState, EmailDelivery, WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("subscriptions", "0001_initial")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def old_entry(days_ago: int) -> AuditEntry:
    """A verdict change recorded `days_ago` days ago (the log only appends, so it is
    written as it was then, not edited)."""
    entry = AuditEntry(
        created_at=timezone.now() - timedelta(days=days_ago),
        action=Action.VERDICT_CHANGED,
        summary=f"Verdict changed {days_ago} days ago.",
        public=True,
        prev_hash="",
    )
    entry.hash = chain.seal(entry)
    entry.save(force_insert=True)
    return entry


def test_deliveries_from_before_the_outbox_are_done_or_due_again(monkeypatch):
    monkeypatch.setattr(hooks, "_listeners", [])  # entries as the old code wrote them
    recent = audit.record(
        actor=None, action=Action.VERDICT_CHANGED, public=True, summary="Verdict changed."
    )
    old = old_entry(days_ago=5)
    migrate(BEFORE)
    try:
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Subscriber = apps.get_model("subscriptions", "Subscriber")
        OldEmail = apps.get_model("subscriptions", "EmailDelivery")
        OldHook = apps.get_model("subscriptions", "WebhookDelivery")
        Webhook = apps.get_model("subscriptions", "Webhook")
        now = timezone.now()
        sent, unsent, stale = (
            Subscriber.objects.create(email=f"{name}@example.org", confirmed_at=now)
            for name in ("sent", "unsent", "stale")
        )
        OldEmail.objects.create(subscriber=sent, event=f"entry-{recent.pk}", sent_at=now)
        OldEmail.objects.create(subscriber=unsent, event=f"entry-{recent.pk}")
        OldEmail.objects.create(subscriber=stale, event=f"entry-{old.pk}")
        hook = Webhook.objects.create(url="https://192.0.2.1/x", secret="s")
        OldHook.objects.create(
            webhook=hook,
            event=f"entry-{recent.pk}",
            payload={"event": "verdict_changed", "answer": "No"},
            attempts=8,
            last_response="HTTP 500",
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    announcement = Announcement.objects.get(entry=recent)
    assert announcement.webhook_payload["answer"] == "No"
    assert announcement.alerted_at is not None  # no alert about what came before
    by_address = {d.subscriber.email: d for d in EmailDelivery.objects.select_related("subscriber")}
    assert by_address["sent@example.org"].state == DeliveryState.DELIVERED
    due = by_address["unsent@example.org"]
    assert due.state == DeliveryState.PENDING and due.give_up_at > timezone.now()
    too_old = by_address["stale@example.org"]
    assert too_old.state == DeliveryState.FAILED and "resend" in too_old.last_error
    post = WebhookDelivery.objects.get()
    assert post.state == DeliveryState.PENDING and post.last_error == "HTTP 500"

    mail.outbox.clear()
    deliver_due(budget=5)
    assert [m.to for m in mail.outbox] == [["unsent@example.org"]]

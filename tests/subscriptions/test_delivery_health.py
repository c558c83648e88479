"""Staff see how each change reached readers, are told when one is stuck, and can resend."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from audit import services as audit
from audit.models import Action, AuditEntry
from subscriptions import tasks
from subscriptions.models import Announcement, DeliveryState, EmailDelivery, Subscriber
from tests.factories import make_user

pytestmark = pytest.mark.django_db

READERS = [f"reader{n}@example.org" for n in range(3)]


def verdict_change() -> Announcement:
    now = timezone.now()
    Subscriber.objects.bulk_create(Subscriber(email=e, confirmed_at=now) for e in READERS)
    entry = audit.record(
        actor=None, action=Action.VERDICT_CHANGED, public=True, summary="Verdict changed."
    )
    return Announcement.objects.get(entry=entry)


def test_an_announcement_not_fully_delivered_in_time_is_emailed_to_the_editors_once(
    settings, sink, editor
):
    settings.DELIVERY_ALERT_AFTER = timedelta(0)  # "an hour" has passed at once
    sink.refuse[READERS[0]] = ["550 5.1.1 No such user"]
    verdict_change()
    tasks.deliver_due()
    tasks.deliver_due()  # beat's next sweep: told once only
    assert sink.received.count("ed@example.org") == 1
    assert set(sink.received) == {*READERS[1:], "ed@example.org"}


def test_an_announcement_delivered_to_everyone_raises_no_alert(settings, sink, editor):
    settings.DELIVERY_ALERT_AFTER = timedelta(0)
    announcement = verdict_change()
    tasks.deliver_due()
    assert sorted(sink.received) == READERS
    announcement.refresh_from_db()
    assert announcement.settled_at is not None and announcement.alerted_at is None


def test_editors_see_each_announcement_s_delivery_health_without_readers_addresses(
    client, settings, sink, editor
):
    sink.refuse[READERS[0]] = ["550 5.1.1 No such user"]
    sink.refuse[READERS[1]] = ["451 4.3.0 Try again later"]
    announcement = verdict_change()
    tasks.deliver_due()
    client.force_login(editor)
    listing = client.get("/admin/subscriptions/announcement/").content.decode()
    assert "Verdict changed." in listing and "Resend the failed deliveries" in listing
    page = client.get(f"/admin/subscriptions/announcement/{announcement.pk}/change/")
    text = page.content.decode()
    assert "1 delivered, 0 pending, 1 retrying, 1 failed" in text
    assert "550 5.1.1 No such user" in text and "451 4.3.0 Try again later" in text
    assert "@example.org" not in text  # editors may not see subscribers
    failed = EmailDelivery.objects.get(state=DeliveryState.FAILED)
    assert f"subscriber #{failed.subscriber_id}" in text


def test_a_resend_makes_the_failed_deliveries_due_again_and_is_recorded(
    client, settings, sink, editor
):
    sink.refuse[READERS[0]] = ["550 5.1.1 No such user"]
    announcement = verdict_change()
    tasks.deliver_due()
    sink.refuse.clear()  # the reader fixed their mailbox
    client.force_login(editor)
    response = client.post(
        "/admin/subscriptions/announcement/",
        {"action": "resend_failed", "_selected_action": [announcement.pk]},
        follow=True,
    )
    assert "1 failed delivery(ies) will be sent again." in response.content.decode()
    resent = EmailDelivery.objects.get(subscriber__email=READERS[0])
    assert resent.state == DeliveryState.PENDING and resent.give_up_at > timezone.now()
    entry = AuditEntry.objects.latest("id")
    assert entry.actor == editor and "sent again" in entry.summary and not entry.public
    tasks.deliver_due()
    assert sorted(sink.received) == READERS


def test_only_staff_allowed_to_resend_see_the_action(client, sink):
    announcement = verdict_change()
    viewer = make_user("v", password="a-long-password-1")
    viewer.user_permissions.add(Permission.objects.get(codename="view_announcement"))
    client.force_login(viewer)
    listing = client.get("/admin/subscriptions/announcement/").content.decode()
    assert "Verdict changed." in listing and "Resend the failed deliveries" not in listing
    response = client.post(
        "/admin/subscriptions/announcement/",
        {"action": "resend_failed", "_selected_action": [announcement.pk]},
    )
    assert response.status_code in {200, 302}
    assert not AuditEntry.objects.filter(summary__contains="sent again").exists()

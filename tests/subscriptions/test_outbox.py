"""The outbox: a reader or webhook hears only of changes made after it became active.

Each test leaves announcements waiting in the outbox (no worker was nudged: on-commit
hooks do not run here), then subscribes, then runs the worker's sweep, as beat does.
"""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from werkzeug import Response

from status import services as status_services
from status.models import State
from subscriptions import services
from subscriptions.delivery import deliver_due
from subscriptions.models import Announcement, Subscriber, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def change_verdict(headline: str) -> None:
    status_services.change_verdict(
        user=None,
        state=State.ARTICLE4_CONSULTATIONS,
        answer="No",
        headline=headline,
        summary="Talks.",
        reason="Estonia asked for consultations.",
    )


@pytest.fixture
def receiver(httpserver, settings):
    """A webhook receiver on loopback; yields its URL and the events it was posted."""
    settings.FEEDS_ALLOW_PRIVATE = True
    posted: list[dict] = []

    def receive(request):
        posted.append(json.loads(request.get_data()))
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receive)
    return httpserver.url_for("/hook").replace("localhost", "127.0.0.1"), posted


def test_a_webhook_registered_while_launch_news_waits_hears_only_of_later_changes(receiver):
    url, posted = receiver
    call_command("load_launch_content", verbosity=0)
    assert not Announcement.objects.exists()  # the launch is not news (issue 35)
    change_verdict("Before the webhook.")
    waiting = Announcement.objects.filter(fanned_out_at__isnull=True)
    assert waiting.filter(event="verdict_changed").exists()  # as in the report
    Webhook.objects.create(url=url, secret="s3cret")
    deliver_due()  # beat's sweep
    assert posted == []
    assert not WebhookDelivery.objects.exists()
    assert not waiting.exists()  # the sweep did fan them out, to those listening before
    change_verdict("Talks.")
    deliver_due()
    assert [(p["event"], p["headline"]) for p in posted] == [("verdict_changed", "Talks.")]


def test_a_reader_who_confirms_while_a_change_waits_is_not_emailed_about_it(settings):
    change_verdict("Before you came.")
    subscriber = Subscriber.objects.create(email="reader@example.org")
    services.confirm(token=services.confirm_link(subscriber).rstrip("/").rsplit("/", 1)[1])
    deliver_due()
    assert mail.outbox == []
    change_verdict("After you came.")
    deliver_due()
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert "After you came." in mail.outbox[0].subject


def test_a_reader_back_after_unsubscribing_hears_nothing_from_while_they_were_away():
    subscriber = Subscriber.objects.create(email="reader@example.org")
    services.confirm(token=services.confirm_link(subscriber).rstrip("/").rsplit("/", 1)[1])
    services.unsubscribe(token=services.unsubscribe_link(subscriber).rstrip("/").rsplit("/", 1)[1])
    change_verdict("While you were away.")
    services.request_subscription(email="reader@example.org", changelog_too=False, client="t")
    deliver_due()
    assert [m.subject for m in mail.outbox if "While you were away." in m.subject] == []
    change_verdict("Now you are back.")
    deliver_due()
    assert any("Now you are back." in m.subject for m in mail.outbox)


def test_a_webhook_switched_back_on_hears_nothing_from_while_it_was_off(receiver, admin_client):
    url, posted = receiver
    webhook = Webhook.objects.create(url=url, secret="s3cret", active=False)
    change_verdict("While it was off.")
    form = {
        "url": url,
        "secret": "s3cret",
        "active": "on",
        "changelog_too": "on",
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
        "deliveries-MIN_NUM_FORMS": "0",
        "deliveries-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(f"/admin/subscriptions/webhook/{webhook.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    deliver_due()
    assert posted == []
    change_verdict("Back on.")
    deliver_due()
    assert [p["headline"] for p in posted] == ["Back on."]

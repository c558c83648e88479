"""Webhooks: signed JSON to a receiver on loopback, retried after a failure, SSRF-safe.

Each test runs the delivery itself, as a worker does when nudged or at beat's sweep.

The address rules themselves are tested with the client, in tests/core/test_safe_http.py.
"""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from werkzeug import Response

from status import services as status_services
from status.models import State
from subscriptions.delivery import deliver_due
from subscriptions.models import DeliveryState, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def change_verdict(answer: str = "No") -> None:
    status_services.change_verdict(
        user=None, state=State.NO_WAR, answer=answer, headline="h", summary="s", reason="r"
    )


def test_a_receiver_gets_a_payload_whose_signature_verifies_after_a_retry(httpserver, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.DELIVERY_RETRY_BACKOFF = timedelta(milliseconds=1)  # due at the next run
    received = []

    def receiver(request):
        received.append(request)
        return Response("busy", status=500) if len(received) == 1 else Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    url = httpserver.url_for("/hook").replace("localhost", "127.0.0.1")
    Webhook.objects.create(url=url, secret="s3cret")
    change_verdict()
    deliver_due()
    assert WebhookDelivery.objects.get().status == "retrying"
    deliver_due()  # the next run
    assert len(received) == 2
    request = received[-1]
    body = request.get_data()
    timestamp = request.headers["X-Warstatus-Timestamp"]
    expected = hmac.new(b"s3cret", f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert request.headers["X-Warstatus-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "verdict_changed" and payload["answer"] == "No"
    assert {"last_checked_at", "stale", "indicators", "url"} <= set(payload)
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at and delivery.attempts == 2 and delivery.last_status == 200


def test_a_webhook_to_a_private_address_is_refused_when_the_setting_is_off(settings):
    settings.FEEDS_ALLOW_PRIVATE = False
    Webhook.objects.create(url="http://169.254.169.254/latest/", secret="x")
    change_verdict()
    deliver_due()
    deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "non-public" in delivery.last_error
    assert delivery.attempts == 1  # refused whatever the receiver says: never retried


def test_a_webhook_with_an_impossible_port_is_recorded_with_a_sentence(settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    Webhook.objects.create(url="http://hooks.example.org:99999/hook", secret="x")
    change_verdict()
    deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and delivery.last_status is None
    assert "impossible port (99999)" in delivery.last_error


def test_a_receiver_s_overlong_answer_is_cut_without_undoing_the_delivery(httpserver, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok " * 50_000)
    url = httpserver.url_for("/hook").replace("localhost", "127.0.0.1")
    Webhook.objects.create(url=url, secret="s3cret")
    change_verdict()
    deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at and delivery.attempts == 1 and delivery.last_status == 200
    assert "too large" in delivery.last_response


def test_a_post_made_late_still_describes_the_change_it_announces(httpserver, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    received = []
    httpserver.expect_request("/hook", method="POST").respond_with_handler(
        lambda request: received.append(json.loads(request.get_data())) or Response("ok")
    )
    url = httpserver.url_for("/hook").replace("localhost", "127.0.0.1")
    Webhook.objects.create(url=url, secret="s3cret")
    change_verdict("No")
    change_verdict("Unclear")  # before any worker ran
    deliver_due()
    assert [(p["answer"], p["summary_of_change"]) for p in received] == [
        ("No", 'Verdict set: "No" (No state of war).'),
        ("Unclear", 'Verdict changed: "Unclear" (No state of war).'),
    ]

"""Webhooks: signed JSON to a receiver on loopback, retried after a failure, SSRF-safe.

The address rules themselves are tested with the client, in tests/core/test_safe_http.py.
"""

import hashlib
import hmac
import json

import pytest
from werkzeug import Response

from status import services as status_services
from status.models import State
from subscriptions.announce import queue_webhooks
from subscriptions.models import Webhook, WebhookDelivery
from subscriptions.tasks import post_webhook

pytestmark = pytest.mark.django_db


def verdict_entry_id() -> int:
    from audit.models import Action, AuditEntry

    status_services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )
    return AuditEntry.objects.filter(action=Action.VERDICT_CHANGED).latest("id").pk


def test_a_receiver_gets_a_payload_whose_signature_verifies_after_a_retry(httpserver, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    received = []

    def receiver(request):
        received.append(request)
        return Response("busy", status=500) if len(received) == 1 else Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    url = httpserver.url_for("/hook").replace("localhost", "127.0.0.1")
    Webhook.objects.create(url=url, secret="s3cret")
    (delivery_id,) = queue_webhooks(entry_id=verdict_entry_id())
    post_webhook.delay(delivery_id)  # eager in tests: the retry runs inline, not 30 s later
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
    (delivery_id,) = queue_webhooks(entry_id=verdict_entry_id())
    post_webhook.delay(delivery_id)
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None and "non-public" in delivery.last_response
    assert delivery.attempts == 8  # retried, never delivered


def test_a_webhook_with_an_impossible_port_is_recorded_with_a_sentence(settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    Webhook.objects.create(url="http://hooks.example.org:99999/hook", secret="x")
    (delivery_id,) = queue_webhooks(entry_id=verdict_entry_id())
    post_webhook.delay(delivery_id)
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.last_status is None
    assert "impossible port (99999)" in delivery.last_response


def test_a_receiver_s_overlong_answer_is_cut_without_undoing_the_delivery(httpserver, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok " * 50_000)
    url = httpserver.url_for("/hook").replace("localhost", "127.0.0.1")
    Webhook.objects.create(url=url, secret="s3cret")
    (delivery_id,) = queue_webhooks(entry_id=verdict_entry_id())
    post_webhook.delay(delivery_id)
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at and delivery.attempts == 1 and delivery.last_status == 200
    assert "too large" in delivery.last_response

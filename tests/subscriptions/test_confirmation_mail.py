"""The reply to a subscribe request is the worker's job: the page never waits on mail."""

import socket
import threading

import pytest
from celery.exceptions import Retry
from django.test import TestCase

from subscriptions.models import Subscriber
from subscriptions.tasks import send_confirmation
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db
SITE = {"HTTP_ORIGIN": "http://127.0.0.1:8000"}


@pytest.fixture
def queued_not_run():
    """Tasks go to the broker (Redis), as in production, instead of running in-process."""
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    yield
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True


def _subscribe(client, email: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/subscribe/", {"email": email, "what": "verdict"}, **SITE)


def test_the_subscribe_page_answers_without_talking_to_the_mail_server(
    client, sink, queued_not_run
):
    response = _subscribe(client, "reader@example.org")
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert Subscriber.objects.filter(email="reader@example.org").exists()
    assert sink.received == [], "the web request must leave the sending to the worker"


def test_the_worker_sends_the_confirmation_with_its_link(sink):
    subscriber = Subscriber.objects.create(email="reader@example.org")
    send_confirmation.apply(args=[subscriber.pk]).get()
    assert sink.received == ["reader@example.org"]


def test_a_confirmation_the_mail_server_could_not_take_is_retried(settings):
    """A server that hangs up on every connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []

    def hang_up() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.close()

    threading.Thread(target=hang_up, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.getsockname()[1]
    subscriber = Subscriber.objects.create(email="reader@example.org")
    try:
        # Run in-process, the task raises Retry: the worker schedules it with backoff.
        with pytest.raises(Retry):
            send_confirmation.apply(args=[subscriber.pk])
    finally:
        server.close()
    assert len(accepted) == 1
    assert send_confirmation.max_retries >= 20  # with backoff up to 30 min: about 8 hours


@pytest.mark.parametrize("length", [255, 300, 320])
def test_an_address_too_long_to_store_is_refused_with_a_sentence(client, length):
    local = "a" * 64
    domain = ("b" * 60 + ".") * 5
    email = f"{local}@{domain}"[: length - 4] + ".org"
    response = _subscribe(client, email)
    assert response.status_code == 400
    assert "That address is too long for us to store." in response.content.decode()
    assert not Subscriber.objects.exists()

"""Nothing lost, nothing stuck: announcements reach every reader through real faults.

Real Celery workers (tests/conftest.py `start_worker`), a real SMTP server on loopback
(smtp_sink.py), a webhook receiver on loopback, and a redis-server of the test's own
as the broker, so it can be stopped without touching the project's Redis. The test
stands in for beat: it sends the sweep (`deliver_due`) every second instead of every
minute. Each test ends with every reader holding the change exactly once (one
Message-ID) and every webhook posted once.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from werkzeug import Response

from status import services as status_services
from status.models import State
from subscriptions.models import Announcement, DeliveryState, EmailDelivery, Subscriber, Webhook
from tests.conftest import TEST_QUEUE, start_worker, stop_worker
from tests.factories import EDITORS, make_user, signed_in
from tests.redis_server import cache_on
from tests.status.factories import posted_sources
from tests.subscriptions.smtp_sink import SmtpSink
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)

READERS = [f"reader{n}@example.org" for n in range(20)]
# Short enough for a test, and what a production worker does, only sooner.
WORKER_ENV = {
    "EMAIL_TIMEOUT": "1",
    "DELIVERY_LEASE": "4s",
    "DELIVERY_RETRY_BACKOFF": "1s",
}


@pytest.fixture
def broker(own_redis):
    """This test's own broker: its nudges and sweeps reach only the workers it starts."""
    previous = celery_app.conf.CELERY_BROKER_URL
    celery_app.conf.CELERY_BROKER_URL = own_redis.url(1)
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    yield own_redis
    celery_app.conf.CELERY_BROKER_URL = previous


@pytest.fixture
def readers():
    now = timezone.now()
    Subscriber.objects.bulk_create(Subscriber(email=e, confirmed_at=now) for e in READERS)


@pytest.fixture
def receiver(httpserver, readers):
    """A webhook receiver on loopback; what it was sent, by event id."""
    posts: Counter[str] = Counter()

    def receive(request):
        posts[request.get_json()["event_id"]] += 1
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receive)
    Webhook.objects.create(
        url=httpserver.url_for("/hook").replace("localhost", "127.0.0.1"), secret="s3cret"
    )
    return posts


@pytest.fixture
def workers(broker):
    """Start workers on this test's broker; all are stopped at the end."""
    started = []

    def start(sink: SmtpSink, **env: str):
        proc = start_worker(
            TEST_QUEUE,
            CELERY_BROKER_URL=broker.url(1),
            EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            **{**WORKER_ENV, **env},
        )
        started.append(proc)
        ping(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            stop_worker(proc)
        proc.stdout.close()  # a killed worker's too: not left to the garbage collector


def send(task: str, *, result: bool = True):
    """Through the broker as configured now (the producer pool keeps the first one).

    `result=False` when nobody waits for it: a discarded result, collected as garbage
    in the middle of the next send's subscribe, unsubscribes on the same Redis pub/sub
    connection and deadlocks the test (celery's AsyncResult.__del__)."""
    with celery_app.connection_for_write() as connection:
        return celery_app.send_task(
            task, queue=TEST_QUEUE, connection=connection, ignore_result=not result
        )


def ping(proc, timeout: float = 60) -> None:
    """Wait until the worker answers: everything queued before has been run."""
    result = send("warstatus.ping")
    deadline = time.monotonic() + timeout
    while not result.ready():
        if proc.poll() is not None:
            pytest.fail(f"Celery worker exited early:\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"Celery worker did not answer within {timeout} s")
        time.sleep(0.1)


def sweep_until(done: Callable[[], bool], timeout: float = 60) -> None:
    """Beat, every second instead of every minute, until `done()`."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            pytest.fail("Still not delivered: " + ", ".join(_undelivered()))
        send("subscriptions.tasks.deliver_due", result=False)
        time.sleep(1)


def _undelivered() -> list[str]:
    return [
        f"{d.subscriber.email}: {d.status} ({d.last_error})"
        for d in EmailDelivery.objects.exclude(state=DeliveryState.DELIVERED).select_related(
            "subscriber"
        )
    ]


def everyone_has_it(sink: SmtpSink, receiver: Counter) -> Callable[[], bool]:
    return lambda: set(sink.mailboxes) == set(READERS) and bool(receiver)


def assert_each_reader_and_webhook_had_it_once(sink: SmtpSink, receiver: Counter) -> None:
    time.sleep(1)  # a late duplicate would show now
    assert set(sink.mailboxes) == set(READERS)
    twice = {r: ids for r, ids in sink.mailboxes.items() if len(ids) != 1}
    assert not twice, f"some readers hold the change more than once: {twice}"
    assert list(receiver.values()) == [1], f"webhook posts by event: {dict(receiver)}"
    assert set(EmailDelivery.objects.values_list("state", flat=True)) == {"delivered"}


def change_verdict() -> None:
    status_services.change_verdict(
        user=None,
        state=State.ARTICLE4_CONSULTATIONS,
        answer="No",
        headline="Talks.",
        summary="Talks.",
        reason="Estonia asked for consultations.",
    )


def editor() -> Client:
    """Signed in only once the test has pointed the cache at its Redis (not a fixture)."""
    return signed_in(make_user("ed", role=EDITORS))


def test_a_change_saved_while_redis_is_down_reaches_every_reader_once_it_is_back(
    settings, broker, receiver, workers
):
    settings.CACHES = cache_on(broker)  # Redis is the cache and the broker, as in production
    sink = SmtpSink()
    client = editor()
    broker.stop()
    saved = client.post(
        "/admin/status/verdict/add/",
        {
            "state": "article4_consultations",
            "answer": "No",
            "headline": "Consultations.",
            "summary": "Talks.",
            "reason": "Article 4 requested.",
            "seen_verdict": 0,  # the page showed no verdict yet
            **posted_sources(),
        },
    )
    assert saved.status_code == 302  # saved, no error, whatever the broker did
    assert Announcement.objects.count() == 1 and sink.received == []
    broker.start()
    workers(sink)
    sweep_until(everyone_has_it(sink, receiver))
    assert_each_reader_and_webhook_had_it_once(sink, receiver)
    sink.stop()


def test_an_announcement_run_while_the_database_is_unreachable_is_delivered_once_it_is_back(
    receiver, workers
):
    sink = SmtpSink()
    # A worker that can reach the broker but not the database (nothing listens on port 9).
    cut_off = workers(sink, DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere")
    change_verdict()  # its nudge reaches that worker, whose run fails
    send("subscriptions.tasks.deliver_due", result=False)  # and beat's sweep fails too
    ping(cut_off)
    assert sink.received == [] and not receiver
    stop_worker(cut_off)
    workers(sink)  # the database is reachable again
    sweep_until(everyone_has_it(sink, receiver))
    assert_each_reader_and_webhook_had_it_once(sink, receiver)
    sink.stop()


def test_a_worker_killed_mid_batch_leaves_the_rest_to_another_within_the_lease(receiver, workers):
    sink = SmtpSink(delay=0.3)  # slow, so the worker can be killed mid-batch
    first = workers(sink)
    change_verdict()  # its nudge starts the batch
    deadline = time.monotonic() + 30
    while len(sink.received) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(sink.received) >= 3, "the first worker never started sending"
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert len(set(sink.received)) < len(READERS), "killed too late to prove anything"
    workers(sink)
    sweep_until(everyone_has_it(sink, receiver))
    assert_each_reader_and_webhook_had_it_once(sink, receiver)
    # The one email the killed worker was sending may have gone twice (accepted, its
    # acknowledgement lost with the worker), under one Message-ID: shown once.
    assert len(sink.received) <= len(READERS) + 1


def test_a_mail_server_away_longer_than_the_retry_window_fails_visibly_and_a_resend_delivers(
    receiver, workers
):
    sink = SmtpSink()
    port = sink.port
    sink.stop()  # away
    workers(sink, DELIVERY_RETRY_WINDOW="3s")
    change_verdict()
    sweep_until(lambda: EmailDelivery.objects.filter(state=DeliveryState.FAILED).count() == 20)
    assert list(receiver.values()) == [1]  # the webhook did not wait for the mail server
    announcement = Announcement.objects.get()
    staff = Client()
    staff.force_login(make_user("root", superuser=True))
    page = staff.get(f"/admin/subscriptions/announcement/{announcement.pk}/change/")
    text = page.content.decode()
    assert "0 pending, 0 retrying, 20 failed" in text
    assert "Gave up after trying for 3 s" in text and "Could not reach the mail server" in text
    back = SmtpSink(port=port)
    staff.post(
        "/admin/subscriptions/announcement/",
        {"action": "resend_failed", "_selected_action": [announcement.pk]},
    )  # its nudge reaches the worker
    sweep_until(everyone_has_it(back, receiver))
    assert_each_reader_and_webhook_had_it_once(back, receiver)
    back.stop()


def _subscribe_from_one_address(settings, address: str, count: int) -> list[tuple[int, float]]:
    # Each test its own address and readers: this process's counts outlive a test.
    client = Client(REMOTE_ADDR=address)
    answers = []
    for n in range(count):
        started = time.monotonic()
        response = client.post(
            "/subscribe/",
            {"email": f"new{n}.{address}@example.org", "what": "verdict"},
            HTTP_ORIGIN=settings.SITE_URL,
        )
        answers.append((response.status_code, time.monotonic() - started))
    return answers


@pytest.mark.parametrize(
    ("fault", "address"), [("stopped", "81.2.69.142"), ("hung", "81.2.69.143")]
)
def test_subscribing_with_redis_away_answers_and_still_limits_each_client(
    settings, own_redis, fault, address
):
    settings.CACHES = cache_on(own_redis)  # the rate limit's counts live here
    settings.SUBSCRIBE_LIMIT_PER_CLIENT = 4
    own_redis.stop() if fault == "stopped" else own_redis.hang()
    try:
        answers = _subscribe_from_one_address(settings, address, 6)
    finally:
        if fault == "hung":
            own_redis.resume()
    # Counted in this process meanwhile: the fifth on is refused politely, never a 500.
    assert [status for status, _ in answers] == [200, 200, 200, 200, 429, 429]
    assert max(took for _, took in answers) < 3  # a hung Redis costs one short timeout
    assert Subscriber.objects.count() == 4

"""A worker killed mid-batch: the send resumes on another worker, nobody gets two emails."""

import signal
import time
import uuid
from collections import Counter

import pytest
from django.utils import timezone

from audit import hooks
from audit import services as audit
from audit.models import Action
from subscriptions.models import Subscriber
from subscriptions.tasks import send_emails
from tests.conftest import start_worker, stop_worker, wait_for_worker
from tests.subscriptions.smtp_sink import SmtpSink
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_killed_worker_resumes_the_batch_without_duplicates(monkeypatch):
    sink = SmtpSink(delay=1.0)
    now = timezone.now()
    emails = [f"reader{n}@example.org" for n in range(6)]
    Subscriber.objects.bulk_create(Subscriber(email=e, confirmed_at=now) for e in emails)
    # Record the change without its automatic announcement: this test sends it itself.
    monkeypatch.setattr(hooks, "_listeners", [])
    entry = audit.record(
        actor=None,
        action=Action.VERDICT_CHANGED,
        public=True,
        summary='Verdict changed: "No" (Article 4 consultations).',
    )
    queue = f"mail-{uuid.uuid4().hex[:8]}"
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "CELERY_VISIBILITY_TIMEOUT": "3"}
    first = start_worker(queue, **env)
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    second = None
    try:
        wait_for_worker(first, queue)
        send_emails.apply_async(args=[entry.pk], queue=queue)
        deadline = time.monotonic() + 30
        while len(sink.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(sink.received) >= 2, "the first worker never started sending"
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert len(sink.received) < len(emails), "killed too late to prove anything"
        time.sleep(4)  # past the visibility timeout: a starting worker takes the task back
        second = start_worker(queue, **env)
        deadline = time.monotonic() + 60
        while len(set(sink.received)) < len(emails) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)
        counts = Counter(sink.received)
        assert set(counts) == set(emails), f"not everyone was emailed: {counts}"
        assert max(counts.values()) == 1, f"someone got the change twice: {counts}"
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
        if second is not None:
            stop_worker(second)
        if first.poll() is None:
            stop_worker(first)
        sink.shutdown()

"""A mail server that fails: nobody is lost, nobody is emailed twice."""

from collections import Counter

import pytest
from django.utils import timezone

from audit import hooks
from audit import services as audit
from audit.models import Action
from subscriptions.announce import ReadersDeferred, email_subscribers
from subscriptions.models import EmailDelivery, Subscriber
from subscriptions.tasks import send_emails
from tests.subscriptions.smtp_sink import SmtpSink, send_mail_through

pytestmark = pytest.mark.django_db

READERS = [f"reader{n}@example.org" for n in range(4)]


@pytest.fixture
def sink(settings):
    server = SmtpSink()
    send_mail_through(settings, server)
    yield server
    server.shutdown()


@pytest.fixture
def verdict_change(monkeypatch):
    now = timezone.now()
    Subscriber.objects.bulk_create(Subscriber(email=e, confirmed_at=now) for e in READERS)
    monkeypatch.setattr(hooks, "_listeners", [])  # the tests send it
    return audit.record(
        actor=None,
        action=Action.VERDICT_CHANGED,
        public=True,
        summary='Verdict changed: "No" (Article 4 consultations).',
    )


def test_a_server_that_says_try_later_delays_a_reader_but_loses_none(sink, verdict_change):
    sink.refuse[READERS[1]] = ["451 4.3.0 Mailbox busy, try again later"]
    result = send_emails.apply(args=[verdict_change.pk], throw=False)  # its retry runs at once
    assert result.successful(), result.result
    counts = Counter(sink.received)
    assert set(counts) == set(READERS), f"a reader was lost: {counts}"
    assert max(counts.values()) == 1, f"a reader was emailed twice: {counts}"
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists()


def test_a_server_that_drops_the_connection_loses_nobody_on_the_retry(sink, verdict_change):
    sink.refuse[READERS[2]] = ["421 4.7.0 Too many connections, closing"]
    with pytest.raises(Exception):  # noqa: B017  whatever smtplib makes of it, the task retries
        email_subscribers(entry_id=verdict_change.pk)
    assert sorted(set(sink.received)) == READERS[:2]
    assert email_subscribers(entry_id=verdict_change.pk) == 2  # the retry: the other two
    assert sorted(sink.received) == READERS


def test_an_address_refused_for_good_does_not_hold_up_the_others(sink, verdict_change):
    sink.refuse[READERS[0]] = ["550 5.1.1 No such user"] * 10
    assert email_subscribers(entry_id=verdict_change.pk) == 3
    assert sorted(sink.received) == READERS[1:]
    refused = EmailDelivery.objects.get(subscriber__email=READERS[0])
    assert refused.sent_at is None  # recorded, not sent, not retried
    assert email_subscribers(entry_id=verdict_change.pk) == 0
    assert sorted(sink.received) == READERS[1:]


def test_a_reader_whose_server_keeps_saying_later_does_not_hold_up_the_others(sink, verdict_change):
    sink.refuse[READERS[0]] = ["452 4.2.2 Mailbox full"] * 100
    with pytest.raises(ReadersDeferred):
        email_subscribers(entry_id=verdict_change.pk)
    assert sorted(sink.received) == READERS[1:]
    with pytest.raises(ReadersDeferred):  # a retry tries that reader alone
        email_subscribers(entry_id=verdict_change.pk)
    assert sorted(sink.received) == READERS[1:]
    sink.refuse[READERS[0]] = []  # the mailbox has room again
    assert email_subscribers(entry_id=verdict_change.pk) == 1
    assert sorted(sink.received) == READERS


def test_a_connection_lost_after_the_message_never_sends_it_twice(sink, verdict_change):
    sink.vanish_after_data.add(READERS[1])  # the server may well have queued it
    with pytest.raises(Exception):  # noqa: B017  the task retries the rest
        email_subscribers(entry_id=verdict_change.pk)
    assert email_subscribers(entry_id=verdict_change.pk) == 2
    counts = Counter(sink.received)
    assert set(counts) == set(READERS) and max(counts.values()) == 1, counts
    unknown = EmailDelivery.objects.get(subscriber__email=READERS[1])
    assert unknown.sent_at is None  # recorded as "outcome unknown"

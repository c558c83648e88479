"""A mail server that fails: nobody is lost, and a reader's mailbox holds the change once.

Each test runs the delivery itself, as a worker does when nudged or at beat's sweep.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from subscriptions.delivery import deliver_due
from subscriptions.models import Announcement, DeliveryState, EmailDelivery, Subscriber
from tests.subscriptions.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db

READERS = [f"reader{n}@example.org" for n in range(4)]


@pytest.fixture
def sink(sink, settings):
    # Each later try is due at the next run (the tests run them one after another).
    settings.DELIVERY_RETRY_BACKOFF = timedelta(milliseconds=1)
    return sink


@pytest.fixture
def verdict_change():
    now = timezone.now()
    Subscriber.objects.bulk_create(Subscriber(email=e, confirmed_at=now) for e in READERS)
    return audit.record(
        actor=None,
        action=Action.VERDICT_CHANGED,
        public=True,
        summary='Verdict changed: "No" (Article 4 consultations).',
    )


def delivery_of(address: str) -> EmailDelivery:
    return EmailDelivery.objects.get(subscriber__email=address)


def each_reader_has_it_once(sink) -> None:
    assert set(sink.mailboxes) == set(READERS), f"a reader was lost: {dict(sink.mailboxes)}"
    assert all(len(ids) == 1 for ids in sink.mailboxes.values()), dict(sink.mailboxes)


def test_the_change_is_written_to_the_outbox_with_the_change_and_sent_by_the_worker(
    sink, verdict_change
):
    announcement = Announcement.objects.get(entry=verdict_change)
    assert announcement.event == "verdict_changed" and sink.received == []
    assert deliver_due() == {"emails": 4, "posts": 0}
    each_reader_has_it_once(sink)
    assert set(EmailDelivery.objects.values_list("state", flat=True)) == {"delivered"}
    assert deliver_due() == {"emails": 0, "posts": 0}  # run again: nothing more is sent
    assert len(sink.received) == 4


def test_a_server_that_says_try_later_delays_a_reader_but_loses_none(sink, verdict_change):
    sink.refuse[READERS[1]] = ["451 4.3.0 Mailbox busy, try again later"]
    deliver_due()
    assert sorted(sink.received) == [READERS[0], *READERS[2:]]
    waiting = delivery_of(READERS[1])
    assert waiting.status == "retrying" and "451" in waiting.last_error
    deliver_due()  # the next run
    each_reader_has_it_once(sink)
    assert delivery_of(READERS[1]).attempts == 2


def test_a_server_that_drops_the_connection_loses_nobody(sink, verdict_change):
    sink.refuse[READERS[2]] = ["421 4.7.0 Too many connections, closing"]
    deliver_due()
    assert sorted(sink.received) == [*READERS[:2], READERS[3]]  # reconnected for the last
    deliver_due()
    each_reader_has_it_once(sink)


def test_an_address_refused_for_good_fails_at_once_and_the_others_go_out(sink, verdict_change):
    sink.refuse[READERS[0]] = ["550 5.1.1 No such user"] * 10
    deliver_due()
    assert sorted(sink.received) == READERS[1:]
    refused = delivery_of(READERS[0])
    assert refused.state == DeliveryState.FAILED and "550 5.1.1 No such user" in refused.last_error
    deliver_due()
    assert sorted(sink.received) == READERS[1:]  # not retried


def test_an_address_that_cannot_be_encoded_fails_at_once_and_the_others_go_out(
    sink, verdict_change
):
    broken = Subscriber.objects.create(email="a\nb@example.org", confirmed_at=timezone.now())
    verdict = audit.record(
        actor=None, action=Action.VERDICT_CHANGED, public=True, summary="Verdict changed again."
    )
    deliver_due()
    failed = EmailDelivery.objects.get(subscriber=broken, announcement__entry=verdict)
    assert failed.state == DeliveryState.FAILED and "could not be encoded" in failed.last_error
    assert sorted(set(sink.received)) == READERS


def test_a_reader_whose_server_keeps_saying_later_does_not_hold_up_the_others(sink, verdict_change):
    sink.refuse[READERS[0]] = ["452 4.2.2 Mailbox full"] * 100
    deliver_due()
    assert sorted(sink.received) == READERS[1:]
    deliver_due()  # each run tries that reader once more
    assert delivery_of(READERS[0]).attempts == 2
    sink.refuse[READERS[0]] = []  # the mailbox has room again
    deliver_due()
    each_reader_has_it_once(sink)


def test_a_connection_lost_after_the_message_sends_it_again_under_the_same_message_id(
    sink, verdict_change
):
    sink.vanish_after_data.add(READERS[1])  # the server took it, then hung up unanswered
    deliver_due()
    assert delivery_of(READERS[1]).status == "retrying"
    deliver_due()
    # The one duplicate the guarantee allows: the mailbox shows it once.
    assert sink.received.count(READERS[1]) == 2
    each_reader_has_it_once(sink)


def test_a_mail_server_away_for_longer_than_the_window_leaves_failures_staff_can_resend(
    settings, sink, verdict_change, admin_client
):
    settings.DELIVERY_RETRY_WINDOW = timedelta(seconds=2)
    port = sink.port
    sink.stop()
    deliver_due()
    assert {d.status for d in EmailDelivery.objects.all()} == {"retrying"}
    time.sleep(2.1)  # the window closes while the server is still away
    deliver_due()
    failed = EmailDelivery.objects.filter(state=DeliveryState.FAILED)
    assert failed.count() == 4
    assert all(d.last_error.startswith("Gave up") for d in failed)
    announcement = Announcement.objects.get(entry=verdict_change)
    page = admin_client.get(f"/admin/subscriptions/announcement/{announcement.pk}/change/")
    assert "0 delivered, 0 pending, 0 retrying, 4 failed" in page.content.decode()
    assert "Could not reach the mail server" in page.content.decode()
    back = SmtpSink(port=port)
    try:
        response = admin_client.post(
            "/admin/subscriptions/announcement/",
            {"action": "resend_failed", "_selected_action": [announcement.pk]},
        )
        assert response.status_code == 302
        deliver_due()
        each_reader_has_it_once(back)
    finally:
        back.stop()

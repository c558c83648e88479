"""Staleness: the boundary, the words, and the editors' email once per stale period."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from core.durations import describe_duration
from status import services
from status.freshness import freshness
from tests.factories import make_user
from tests.status.factories import make_check, make_verdict


def test_the_stale_boundary(settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    now = timezone.now()
    just_under = freshness(now - timedelta(hours=24) + timedelta(seconds=1), now=now)
    just_over = freshness(now - timedelta(hours=24, seconds=1), now=now)
    assert just_under.stale is False
    assert just_over.stale is True
    assert freshness(None, now=now).stale is True


def test_what_readers_see_of_freshness_changes_when_it_goes_stale_then_by_the_minute(settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    checked = timezone.now() - timedelta(days=3)
    fresh = freshness(checked, now=checked + timedelta(hours=2))
    assert fresh.shown_until == checked + timedelta(hours=24, microseconds=1)
    assert freshness(fresh.shown_until, now=fresh.shown_until).stale is False
    assert freshness(checked, now=fresh.shown_until).stale is True
    stale = freshness(checked, now=checked + timedelta(days=2, minutes=5, seconds=30))
    assert stale.shown_until == checked + timedelta(days=2, minutes=6)
    assert freshness(None).shown_until is None


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=30), "less than a minute"),
        (timedelta(minutes=40), "40 minutes"),
        (timedelta(hours=1, minutes=1), "1 hour and 1 minute"),
        (timedelta(days=2, hours=3, minutes=5), "2 days and 3 hours"),
    ],
)
def test_ages_are_said_in_words(delta, words):
    assert describe_duration(delta) == words


@pytest.fixture
def editors():
    group = Group.objects.get(name="Editors")
    ed = make_user("ed", staff=False, password="a-long-password-1")
    ed.groups.add(group)
    make_user("other", staff=False, password="a-long-password-1")
    return group


@pytest.mark.django_db
def test_the_stale_email_goes_to_editors_once_per_stale_period(editors, settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    verdict = make_verdict()
    make_check(age=timedelta(hours=30), verdict=verdict)
    assert services.notify_if_stale() == 1
    assert services.notify_if_stale() == 0
    assert services.notify_if_stale() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ed@example.org"]
    assert "1 day and 6 hours" in mail.outbox[0].subject

    # A fresh check ends the period; when that one goes stale, editors hear again.
    make_check(age=timedelta(hours=25), verdict=verdict)
    assert services.notify_if_stale() == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_no_email_while_the_status_is_fresh(editors):
    make_check(age=timedelta(hours=1), verdict=make_verdict())
    assert services.notify_if_stale() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_beat_task_sends_the_stale_email(editors):
    from status.tasks import warn_if_stale

    make_check(age=timedelta(days=3), verdict=make_verdict())
    assert warn_if_stale.delay().get() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_stale_email_the_mail_server_turned_away_is_sent_by_the_next_run(editors, settings):
    from audit.models import Action, AuditEntry
    from tests.subscriptions.smtp_sink import SmtpSink, send_mail_through

    make_check(age=timedelta(days=3), verdict=make_verdict())
    sink = SmtpSink(refuse={"ed@example.org": ["421 4.7.0 Try again later, closing"]})
    send_mail_through(settings, sink)
    try:
        assert services.notify_if_stale() == 0
        assert not AuditEntry.objects.filter(action=Action.NOTIFIED).exists()  # not "told" yet
        assert services.notify_if_stale() == 1
        assert services.notify_if_stale() == 0
        assert sink.received == ["ed@example.org"]
        assert AuditEntry.objects.filter(action=Action.NOTIFIED).count() == 1
    finally:
        sink.stop()


@pytest.mark.django_db
def test_the_stale_email_reads_well_when_nothing_was_ever_checked(editors, settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    make_verdict()
    assert services.notify_if_stale() == 1
    message = mail.outbox[0]
    assert message.subject == "[warstatus] The status has never been checked"
    assert "never ago" not in message.body and "for never" not in message.body
    make_check(age=timedelta(hours=30))
    services.notify_if_stale()
    assert "longer than the 1 day the site promises" in mail.outbox[1].body

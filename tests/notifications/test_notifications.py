"""Staff emails: the right people, once per event, never to those who opted out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from news.models import CuratedLink, Feed
from news.reminders import remind_pending_links
from notifications.services import notify_once, recipients, set_preference
from tests.factories import EDITORS, MODERATORS, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    out = {}
    for name, role in (("mod", MODERATORS), ("quiet", MODERATORS), ("ed", EDITORS)):
        out[name] = make_user(name, role=role, staff=False)
    set_preference(user=out["quiet"], email_opt_out=True)
    out["root"] = make_user("root", superuser=True)
    out["root2"] = make_user("root2", superuser=True)
    set_preference(user=out["root2"], email_opt_out=False, superuser_opt_in=True)
    return out


def test_recipients_respect_groups_opt_outs_and_superuser_opt_ins(people):
    assert recipients(groups=["Moderators"]) == ["mod@example.org", "root2@example.org"]
    assert recipients(groups=["Editors"]) == ["ed@example.org", "root2@example.org"]


def test_whoever_did_the_thing_is_not_told_of_it_whatever_their_group(people):
    told = recipients(groups=["Editors", "Moderators"], not_to=[people["mod"], people["root2"]])
    assert told == ["ed@example.org"]
    # Even when also named as someone the event is about.
    assert recipients(groups=["Editors"], users=[people["ed"]], not_to=[people["ed"]]) == [
        "root2@example.org"
    ]


def test_an_event_is_sent_once(people):
    for _ in range(3):
        notify_once(event_key="e1", groups=["Editors"], subject="s", body="b")
    assert len(mail.outbox) == 1


def test_a_notification_the_mail_server_turned_away_is_sent_on_the_next_run(people, settings):
    from tests.subscriptions.smtp_sink import SmtpSink, send_mail_through

    sink = SmtpSink(refuse={"ed@example.org": ["421 4.7.0 Try again later, closing"]})
    send_mail_through(settings, sink)
    try:
        assert notify_once(event_key="e2", groups=["Editors"], subject="s", body="b") == 0
        assert sink.received == []
        assert notify_once(event_key="e2", groups=["Editors"], subject="s", body="b") == 2
        assert notify_once(event_key="e2", groups=["Editors"], subject="s", body="b") == 0
        assert sorted(sink.received) == ["ed@example.org", "root2@example.org"]
    finally:
        sink.stop()


def test_a_link_pending_too_long_is_reminded_once(people, settings):
    settings.PENDING_LINK_ALERT_AFTER = timedelta(hours=12)
    CuratedLink.objects.create(title="Old", created_at=timezone.now() - timedelta(hours=13))
    CuratedLink.objects.create(title="New", created_at=timezone.now() - timedelta(hours=1))
    assert remind_pending_links() == 1
    assert remind_pending_links() == 0
    assert len(mail.outbox) == 1 and "Old" in mail.outbox[0].subject
    assert "quiet@example.org" not in mail.outbox[0].to
    old = CuratedLink.objects.get(title="Old")
    assert f"{settings.SITE_URL}/admin/news/curatedlink/{old.pk}/change/" in mail.outbox[0].body


def test_a_failing_feed_is_reported_once_per_failing_streak(people, httpserver, settings):
    from news import polling

    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEED_ALERT_AFTER_FAILURES = 3
    httpserver.expect_request("/feed").respond_with_data("down", status=503)
    feed = Feed.objects.create(url=httpserver.url_for("/feed").replace("localhost", "127.0.0.1"))
    for _ in range(6):
        Feed.objects.filter(pk=feed.pk).update(claimed_until=None)
        polling.poll_feed(feed_id=feed.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mod@example.org", "root2@example.org"]


def test_a_feed_alert_the_mail_server_turned_away_goes_out_on_the_next_failing_poll(
    people, httpserver, settings
):
    from news import polling
    from tests.subscriptions.smtp_sink import SmtpSink, send_mail_through

    sink = SmtpSink(refuse={"mod@example.org": ["421 4.7.0 Try again later, closing"]})
    send_mail_through(settings, sink)
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEED_ALERT_AFTER_FAILURES = 2
    httpserver.expect_request("/feed").respond_with_data("down", status=503)
    feed = Feed.objects.create(url=httpserver.url_for("/feed").replace("localhost", "127.0.0.1"))
    try:
        for expected in ([], [], ["mod@example.org", "root2@example.org"]):
            Feed.objects.filter(pk=feed.pk).update(claimed_until=None)
            polling.poll_feed(feed_id=feed.pk)  # the poll itself never fails on the email
            assert sorted(sink.received) == expected
        for _ in range(2):  # later failures of the same streak: no second alert
            Feed.objects.filter(pk=feed.pk).update(claimed_until=None)
            polling.poll_feed(feed_id=feed.pk)
        assert len(sink.received) == 2
        assert Feed.objects.get(pk=feed.pk).consecutive_failures == 5
    finally:
        sink.stop()


def test_staff_set_their_own_preference_in_the_admin(client, people):
    client.force_login(people["ed"])
    people["ed"].is_staff = True
    people["ed"].save()
    assert client.get("/admin/my-notifications/").status_code == 200
    client.post("/admin/my-notifications/", {"email_opt_out": "on"})
    assert "ed@example.org" not in recipients(groups=["Editors"])

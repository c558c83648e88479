"""Moderators add, pause and edit feeds, and poll one at once; the poller's bookkeeping
stays out of their way."""

import pytest

from audit.models import Action, AuditEntry
from news import services
from news.models import Feed

pytestmark = pytest.mark.django_db


def test_a_moderator_adds_a_feed_without_seeing_the_pollers_bookkeeping(moderator_client):
    form = moderator_client.get("/admin/news/feed/add/").content.decode()
    assert 'name="url"' in form and 'name="active"' in form
    for internal in ("etag", "claimed_until", "last_modified", "permanent_redirect"):
        assert internal not in form, internal
    response = moderator_client.post(
        "/admin/news/feed/add/",
        {"url": "https://www.bbc.co.uk/news/world/rss.xml", "active": "on", "poll_interval": 900},
    )
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert feed.active and AuditEntry.objects.filter(action=Action.CREATED).exists()
    page = moderator_client.get(f"/admin/news/feed/{feed.pk}/change/").content.decode()
    assert "Poll now" in page and "ETag" not in page and "claimed" not in page.lower()


def test_a_feed_address_that_is_not_a_web_address_is_refused(moderator_client):
    response = moderator_client.post(
        "/admin/news/feed/add/", {"url": "file:///etc/passwd", "poll_interval": 900}
    )
    assert response.status_code == 200
    assert "Only http and https links" in response.content.decode()
    assert not Feed.objects.exists()


def test_a_moderator_pauses_a_feed_and_a_paused_feed_offers_no_poll(moderator_client):
    feed = Feed.objects.create(url="https://example.org/rss")
    moderator_client.post(
        f"/admin/news/feed/{feed.pk}/change/",
        {"url": feed.url, "poll_interval": 900},  # "Polling" unticked
    )
    feed.refresh_from_db()
    assert not feed.active
    page = moderator_client.get(f"/admin/news/feed/{feed.pk}/change/").content.decode()
    assert "Poll now" not in page


def test_poll_now_queues_the_poll_to_the_worker(
    moderator_client, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(services.poll_feed, "delay", queued.append)
    feed = Feed.objects.create(url="https://example.org/rss")
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(f"/admin/news/feed/{feed.pk}/poll/", follow=True)
    assert queued == [feed.pk]
    assert "Poll queued" in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.POLLED, object_id=str(feed.pk)).exists()


def test_polling_a_paused_feed_now_is_refused_in_words(moderator_client, monkeypatch):
    queued = []
    monkeypatch.setattr(services.poll_feed, "delay", queued.append)
    feed = Feed.objects.create(url="https://example.org/rss", active=False)
    response = moderator_client.post(f"/admin/news/feed/{feed.pk}/poll/", follow=True)
    assert "This feed is paused" in response.content.decode()
    assert queued == []


def test_the_feed_form_offers_no_public_changelog_options_yet_each_save_is_recorded(
    moderator_client,
):
    # A feed never appears on the public changelog: no "notable" box, no public note.
    form = moderator_client.get("/admin/news/feed/add/").content.decode()
    assert 'name="audit_public"' not in form and 'name="audit_note"' not in form
    assert "Record of this change" not in form
    moderator_client.post(
        "/admin/news/feed/add/",
        {"url": "https://news.err.ee/rss", "active": "on", "poll_interval": 900},
    )
    feed = Feed.objects.get()
    page = moderator_client.get(f"/admin/news/feed/{feed.pk}/change/").content.decode()
    assert 'name="audit_public"' not in page and 'name="audit_note"' not in page
    entry = AuditEntry.objects.get(action=Action.CREATED, object_id=str(feed.pk))
    assert not entry.public and entry.note == ""

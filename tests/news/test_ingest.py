"""Storing a poll (news.ingest): a feed on loopback, candidates in the database.

What a moderator would notice: a big feed costs the database no more queries than a
small one, a story is one headline however many feeds (or times) it comes, a poll that
breaks half-way leaves nothing half-stored, and the audit log holds one entry per poll
with its counts, not one per headline.
"""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Action, AuditEntry
from news import ingest, polling
from news.models import Candidate, CuratedLink, Feed, LinkState
from tests.news.factories import make_outlet
from tests.news.feeds import nato_items, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def loopback(settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEEDS_TIMEOUT = 5


def feed_for(httpserver, path: str) -> Feed:
    url = httpserver.url_for(path).replace("localhost", "127.0.0.1")
    return Feed.objects.create(url=url, outlet=make_outlet())


def poll(feed: Feed) -> polling.PollOutcome:
    Feed.objects.filter(pk=feed.pk).update(claimed_until=None)
    return polling.poll_feed(feed_id=feed.pk)


def polls_of(feed: Feed):
    return AuditEntry.objects.filter(action=Action.POLLED, object_id=str(feed.pk))


def queries_to_poll(feed: Feed) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert poll(feed).status == "ok"
    return len(queries)


def test_a_poll_of_300_entries_makes_no_more_queries_than_one_of_5(httpserver, loopback):
    httpserver.expect_request("/small").respond_with_data(rss(nato_items(5, "small.example")))
    httpserver.expect_request("/big").respond_with_data(rss(nato_items(300, "big.example")))
    small, big = feed_for(httpserver, "/small"), feed_for(httpserver, "/big")
    first_small, first_big = queries_to_poll(small), queries_to_poll(big)
    assert Candidate.objects.filter(feed=big).count() == 300
    # On PostgreSQL: claim and read the feed (one statement), one look-up (which writes
    # the feed's new state too), one insert (which says how many it made) and the audit
    # entry (the chain's lock and tip in one query, then the entry), with the test's
    # savepoints around them. SQLite has its own statements, as many whatever the feed's
    # size: the claim is an update then a read (in a savepoint of its own) and the feed's
    # new state an update before the look-up, so four more.
    budget = 10 if connection.vendor == "postgresql" else 14
    assert first_big <= first_small <= budget
    # Polled again, everything is known: no inserts, no audit entry.
    assert queries_to_poll(big) <= first_big
    assert Candidate.objects.filter(feed=big).count() == 300


def test_a_story_listed_twice_or_carried_by_another_feed_is_one_headline(httpserver, loopback):
    story, other = nato_items(2)
    again = {**story, "guid": "same-story-new-guid", "link": story["link"] + "?utm_source=rss"}
    httpserver.expect_request("/one").respond_with_data(rss([story, again, other]))
    httpserver.expect_request("/two").respond_with_data(
        rss([{**story, "guid": "aggregator-1"}, *nato_items(1, "two.example")])
    )
    one, two = feed_for(httpserver, "/one"), feed_for(httpserver, "/two")
    assert poll(one).created == 2
    assert poll(two).created == 1
    headline = Candidate.objects.get(canonical_url=story["link"])
    assert headline.feed == one and list(headline.also_in.all()) == [two]
    assert Candidate.objects.count() == 3
    (record,) = polls_of(two)
    assert record.summary.startswith("1 new candidate headline(s)")
    assert "1 already brought in by another feed" in record.note


def test_a_story_already_curated_is_not_a_headline_again(httpserver, loopback):
    items = nato_items(3)
    CuratedLink.objects.create(url=items[0]["link"], title="Curated", state=LinkState.PUBLISHED)
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    feed = feed_for(httpserver, "/feed")
    assert poll(feed).created == 2
    assert not Candidate.objects.filter(canonical_url=items[0]["link"]).exists()


def test_the_poll_is_recorded_once_with_its_counts_not_once_per_headline(httpserver, loopback):
    items = [*nato_items(40), {"title": "No link here"}]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    feed = feed_for(httpserver, "/feed")
    before = AuditEntry.objects.count()
    assert poll(feed).created == 40
    assert AuditEntry.objects.count() == before + 1
    (record,) = polls_of(feed)
    assert record.summary.startswith("40 new candidate headline(s)")
    assert record.note == "40 new; 1 without a usable link."
    # A poll that brings nothing new records nothing (the feed shows when it was polled).
    assert poll(feed).created == 0
    assert polls_of(feed).count() == 1


def test_a_poll_that_fails_half_way_stores_nothing(httpserver, loopback, settings):
    """The third batch of a long feed is refused by the database: the first two go too."""
    settings.FEEDS_MAX_ENTRIES = 3 * ingest.BATCH_SIZE
    items = nato_items(3 * ingest.BATCH_SIZE)
    items[-1]["title"] = "Poison"
    httpserver.expect_request("/feed").respond_with_data(rss(items), headers={"ETag": '"v2"'})
    feed = feed_for(httpserver, "/feed")
    with connection.cursor() as cursor:
        # A real refusal from the database, as a broken constraint or a lost connection is.
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$"
                " BEGIN RAISE EXCEPTION 'poisoned headline'; END $$;"
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON news_candidate FOR EACH ROW"
                " WHEN (NEW.title = 'Poison') EXECUTE FUNCTION refuse_poison();"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON news_candidate FOR EACH ROW"
                " WHEN NEW.title = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned headline'); END"
            )
    outcome = poll(feed)
    assert outcome.status == "error" and "poisoned headline" in outcome.error
    assert Candidate.objects.count() == 0
    assert not polls_of(feed).exists()
    feed.refresh_from_db()
    # Not marked as read: the next poll fetches the whole feed again, not a 304.
    assert feed.etag == "" and feed.last_success_at is None
    assert (feed.consecutive_failures, feed.claimed_until) == (1, None)


def test_a_headline_is_stored_as_the_feed_wrote_it_whatever_its_characters(httpserver, loopback):
    title = 'Заява НАТО: "Article 4" \\ {консультації} — 北约 ☂ it\'s'
    items = (
        f"<item><title>{title}</title><link>https://n.example/1</link>"
        '<description>Line\tone\\two "three"</description>'
        "<pubDate>Sun, 22 Nov 2026 10:05:00 +0200</pubDate></item>"
        "<item><title>Undated</title><link>https://n.example/2</link></item>"
    )
    body = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    httpserver.expect_request("/feed").respond_with_data(body.encode())
    assert poll(feed_for(httpserver, "/feed")).created == 2
    first = Candidate.objects.get(canonical_url="https://n.example/1")
    assert first.title == title
    assert first.summary == 'Line one\\two "three"'
    assert first.published_at == datetime(2026, 11, 22, 8, 5, tzinfo=UTC)
    assert Candidate.objects.get(title="Undated").published_at is None


def _dated_rss(minutes_ago: list[int]) -> bytes:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    items = "".join(
        f"<item><title>NATO story {age}</title><link>https://n.example/{age}</link>"
        f"<pubDate>{format_datetime(now - timedelta(minutes=age))}</pubDate></item>"
        for age in minutes_ago
    )
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_a_feed_longer_than_the_limit_gives_its_newest_entries(httpserver, loopback, settings):
    settings.FEEDS_MAX_ENTRIES = 3
    # Out of order on purpose: the newest are picked by date, not by place in the feed.
    httpserver.expect_request("/feed").respond_with_data(_dated_rss([50, 10, 40, 20, 30]))
    feed = feed_for(httpserver, "/feed")
    assert poll(feed).created == 3
    titles = set(Candidate.objects.values_list("title", flat=True))
    assert titles == {"NATO story 10", "NATO story 20", "NATO story 30"}
    assert polls_of(feed).get().note == "3 new; 2 older entries beyond the limit left out."


def test_an_urgent_headline_is_emailed_once_its_poll_commits(
    httpserver, loopback, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from django.core import mail

    from tests.factories import make_user

    make_user("m", staff=False, password="a-long-password-1").groups.add(
        Group.objects.get(name="Moderators")
    )
    urgent = {"title": "Article 5 invoked after attack", "link": "https://n.example/x"}
    httpserver.expect_request("/urgent").respond_with_data(rss([urgent, *nato_items(2)]))
    httpserver.expect_request("/calm").respond_with_data(rss(nato_items(2, "calm.example")))
    with django_capture_on_commit_callbacks(execute=True):
        assert poll(feed_for(httpserver, "/urgent")).created == 3
    assert [m.subject for m in mail.outbox] == [
        "[warstatus] Urgent headline: Article 5 invoked after attack"
    ]
    # A poll with nothing urgent leaves the unsent-urgent look-up to beat's retry.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert poll(feed_for(httpserver, "/calm")).created == 2
    assert callbacks == [] and len(mail.outbox) == 1

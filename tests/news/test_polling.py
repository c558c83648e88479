"""The polling pipeline: feeds on loopback, candidates in PostgreSQL, a real worker."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from audit.models import AuditEntry
from news import polling, services
from news.models import Candidate, CandidateState, CuratedLink, Feed, LinkState
from tests.conftest import CORPORA
from tests.factories import make_user
from tests.news.factories import make_moderator, make_outlet
from tests.news.feeds import nato_items, rss


@pytest.fixture
def loopback(settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEEDS_TIMEOUT = 2


def feed_for(httpserver, path="/feed", **kw) -> Feed:
    return Feed.objects.create(
        url=httpserver.url_for(path).replace("localhost", "127.0.0.1"), outlet=make_outlet(), **kw
    )


def poll(feed: Feed):
    Feed.objects.filter(pk=feed.pk).update(claimed_until=None)
    return polling.poll_feed(feed_id=feed.pk)


pytestmark = pytest.mark.django_db


def test_a_second_poll_gets_304_and_creates_nothing(httpserver, loopback):
    httpserver.expect_ordered_request("/feed").respond_with_data(
        rss(nato_items(3)), headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    feed = feed_for(httpserver)
    assert poll(feed).created == 3
    entries = AuditEntry.objects.count()
    outcome = poll(feed)
    assert outcome.status == "not-modified"
    assert Candidate.objects.count() == 3
    assert AuditEntry.objects.count() == entries
    httpserver.check_assertions()


def test_candidates_are_plain_text_scored_and_canonical(httpserver, loopback):
    httpserver.expect_request("/feed").respond_with_data(
        rss(
            [
                {
                    "title": "NATO invokes Article 4 after &lt;i&gt;drones&lt;/i&gt;",
                    "link": "https://news.example.org/a?utm_source=rss",
                    "guid": "a",
                },
                {
                    "title": "Local football results",
                    "link": "https://news.example.org/b",
                    "guid": "b",
                },
            ]
        )
    )
    poll(feed_for(httpserver))
    relevant = Candidate.objects.get(guid="a")
    assert relevant.title == "NATO invokes Article 4 after drones"
    assert relevant.canonical_url == "https://news.example.org/a"
    assert relevant.score > Candidate.objects.get(guid="b").score
    assert "article 4" in relevant.matched_terms
    queue = list(Candidate.objects.review_queue(min_score=4))
    assert queue == [relevant]


def test_the_same_story_in_two_feeds_becomes_one_candidate(httpserver, loopback):
    story = nato_items(1)
    httpserver.expect_request("/one").respond_with_data(rss(story))
    httpserver.expect_request("/two").respond_with_data(
        rss([{**story[0], "guid": "other-guid", "link": story[0]["link"] + "?utm_medium=x"}])
    )
    poll(feed_for(httpserver, "/one"))
    poll(feed_for(httpserver, "/two"))
    assert Candidate.objects.count() == 1


def test_a_rejected_or_already_curated_story_is_not_created_again(httpserver, loopback):
    items = nato_items(2)
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    CuratedLink.objects.create(url=items[1]["link"], title="Curated", state=LinkState.PUBLISHED)
    feed = feed_for(httpserver)
    assert poll(feed).created == 1
    candidate = Candidate.objects.get()
    services.reject_candidate(moderator=make_moderator(), candidate=candidate, reason="Off topic")
    assert poll(feed).created == 0
    assert Candidate.objects.get().state == CandidateState.REJECTED


def test_failures_back_off_and_a_success_resets(httpserver, loopback):
    httpserver.expect_request("/feed").respond_with_data("nope", status=500)
    feed = feed_for(httpserver)
    gaps = []
    for _ in range(3):
        before = timezone.now()
        assert poll(feed).status == "error"
        feed.refresh_from_db()
        gaps.append(feed.next_poll_at - before)
    assert feed.consecutive_failures == 3
    assert "HTTP 500" in feed.last_error
    assert gaps[0] < gaps[1] < gaps[2]
    assert feed.active  # never stopped for good
    httpserver.clear()
    httpserver.expect_request("/feed").respond_with_data(rss(nato_items(1)))
    assert poll(feed).status == "ok"
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.last_error, feed.failing_since) == (0, "", None)


def test_timeouts_and_broken_feeds_are_recorded_on_the_feed(httpserver, loopback):
    httpserver.expect_request("/broken").respond_with_data(b"<rss><channel><item><title>x")
    feed = feed_for(httpserver, "/broken")
    assert poll(feed).status in {"error", "ok"}
    feed.refresh_from_db()
    assert feed.last_error or Candidate.objects.count() == 0


def test_a_permanent_redirect_moves_the_feed_only_after_several_polls(httpserver, loopback):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(rss(nato_items(1)))
    feed = feed_for(httpserver, "/old")
    old = feed.url
    for n in range(polling.REDIRECT_STREAK_TO_MOVE):
        feed.refresh_from_db()
        assert feed.url == old, f"moved after {n} polls"
        poll(feed)
    feed.refresh_from_db()
    assert feed.url.endswith("/new")


def test_the_urgent_email_is_sent_once(httpserver, loopback):
    group = Group.objects.get(name="Moderators")
    user = make_user("m", staff=False, password="a-long-password-1")
    user.groups.add(group)
    httpserver.expect_request("/feed").respond_with_data(
        rss(
            [
                {
                    "title": "Article 5 invoked after attack",
                    "link": "https://n.example/x",
                    "guid": "x",
                }
            ]
        )
    )
    feed = feed_for(httpserver)
    poll(feed)
    assert Candidate.objects.get().urgent
    assert polling.notify_urgent() == 1
    assert polling.notify_urgent() == 0
    poll(feed)
    assert polling.notify_urgent() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["m@example.org"]


def test_approving_creates_exactly_one_published_link(httpserver, loopback):
    httpserver.expect_request("/feed").respond_with_data(rss(nato_items(1)))
    poll(feed_for(httpserver))
    candidate = Candidate.objects.get()
    moderator = make_moderator()
    link = services.approve_candidate(
        moderator=moderator, candidate=candidate, context="Drones crossed into NATO airspace again."
    )
    assert CuratedLink.objects.get() == link
    assert link.state == LinkState.PUBLISHED and link.url == candidate.canonical_url
    with pytest.raises(Exception):
        services.approve_candidate(moderator=moderator, candidate=candidate, context="Again.")
    assert CuratedLink.objects.count() == 1


def test_every_corpus_feed_polls_to_an_error_or_clean_candidates(httpserver, loopback):
    files = sorted(p for p in (CORPORA / "feeds").rglob("*.xml"))
    for n, path in enumerate(files):
        httpserver.expect_request(f"/c{n}").respond_with_data(path.read_bytes())
    feeds = [feed_for(httpserver, f"/c{n}") for n in range(len(files))]
    for feed in feeds:
        outcome = poll(feed)
        assert outcome.status in {"ok", "error"}
    errors = Feed.objects.exclude(last_error="").count()
    assert errors > 0
    for candidate in Candidate.objects.all():
        assert "<" not in candidate.title and "<" not in candidate.summary
        assert candidate.url.startswith(("http://", "https://"))


@pytest.mark.django_db(transaction=True)
def test_two_workers_polling_one_feed_at_once_create_each_candidate_once(httpserver, loopback):
    import time

    from werkzeug import Response

    def slow(request):
        # Long enough that the second claim comes while the first poll still holds the
        # feed, however the threads are scheduled on a busy machine.
        time.sleep(1)
        return Response(rss(nato_items(20)), content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(slow)
    feed = feed_for(httpserver)
    outcomes = []
    barrier = threading.Barrier(2)

    def worker():
        from django.db import connection

        barrier.wait()
        outcomes.append(polling.poll_feed(feed_id=feed.pk).status)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["claimed-elsewhere", "ok"]
    assert Candidate.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_polls_due_feeds_through_a_real_worker(httpserver, loopback, celery_worker):
    from news.tasks import enqueue_due_feeds, poll_feed

    httpserver.expect_request("/feed").respond_with_data(rss(nato_items(5)))
    feed = feed_for(httpserver)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() - timedelta(minutes=1))
    # The worker runs with the settings of its own environment: allow loopback there too.
    assert enqueue_due_feeds.delay().get(timeout=30) == 1
    deadline = timezone.now() + timedelta(seconds=30)
    while Candidate.objects.count() < 5 and timezone.now() < deadline:
        threading.Event().wait(0.2)
    assert Candidate.objects.count() == 5
    # Running the same poll again (a redelivered task) creates nothing more.
    Feed.objects.filter(pk=feed.pk).update(claimed_until=None)
    assert poll_feed.delay(feed.pk).get(timeout=30) == "ok"
    assert Candidate.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_poll_loses_no_poll_and_duplicates_nothing(httpserver, loopback):
    """SIGKILL during the fetch: the task is redelivered to a new worker and runs once."""
    import signal
    import time
    import uuid

    from werkzeug import Response

    from news.tasks import poll_feed
    from tests.conftest import start_worker, stop_worker, wait_for_worker
    from warstatus.celery import app as celery_app

    entered = threading.Event()
    calls = []

    def slow_then_fine(request):
        calls.append(1)
        if len(calls) == 1:
            entered.set()
            time.sleep(10)  # the worker is killed while it waits here
        return Response(rss(nato_items(5)), content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(slow_then_fine)
    feed = feed_for(httpserver)
    queue = f"kill-{uuid.uuid4().hex[:8]}"
    fast = {"CELERY_VISIBILITY_TIMEOUT": "3", "FEEDS_CLAIM_SECONDS": "2"}
    first = start_worker(queue, **fast)
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    second = None
    try:
        wait_for_worker(first, queue)
        poll_feed.apply_async(args=[feed.pk], queue=queue)
        assert entered.wait(30), "the first worker never started the poll"
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert Candidate.objects.count() == 0
        # A starting worker hands back deliveries unacknowledged for longer than the
        # visibility timeout: wait that long, as a restarted container would.
        time.sleep(4)
        second = start_worker(queue, **fast)
        deadline = time.monotonic() + 60
        while Candidate.objects.count() < 5 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert Candidate.objects.count() == 5, "the killed poll was not redelivered"
        time.sleep(4)  # long enough for any second redelivery to show up
        assert Candidate.objects.count() == 5
        assert len(calls) == 2
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
        if second is not None:
            stop_worker(second)
        stop_worker(first)  # killed already, or not: its pipe is closed either way


def _failing_feed_shown_to_admins(client, feed: Feed) -> str:
    client.force_login(make_user("root", superuser=True))
    return client.get("/admin/news/feed/").content.decode()


def test_a_feed_with_an_impossible_port_is_recorded_as_failing(client):
    feed = Feed.objects.create(url="https://x.org:70000/rss", outlet=make_outlet())
    before = timezone.now()
    outcome = poll(feed)
    assert outcome.status == "error" and "port" in outcome.error
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.claimed_until) == (1, None)
    assert feed.next_poll_at > before and "port" in feed.last_error
    assert "failing (1)" in _failing_feed_shown_to_admins(client, feed)


def test_a_feed_with_an_unreadable_url_does_not_stop_the_others_being_enqueued():
    broken = Feed.objects.create(url="http://[::1/rss")
    fine = Feed.objects.create(url="https://feeds.example.org/rss")
    assert sorted(polling.due_feed_ids()) == [(broken.pk, ""), (fine.pk, "feeds.example.org")]


def test_a_feed_that_trickles_in_is_recorded_as_failing_and_released(trickle, loopback, settings):
    settings.FEEDS_TIMEOUT = 1
    server = trickle(rss(nato_items(5)))
    feed = Feed.objects.create(url=server.url(), outlet=make_outlet())
    outcome = poll(feed)
    assert outcome.status == "error" and "Timed out" in outcome.error
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.claimed_until) == (1, None)
    assert Candidate.objects.count() == 0


def test_a_poll_cut_short_by_the_task_time_limit_is_recorded_and_released(
    trickle, loopback, settings
):
    """Celery's soft time limit raises inside whatever the poll is doing, as this alarm does."""
    import signal

    from celery.exceptions import SoftTimeLimitExceeded

    settings.FEEDS_TIMEOUT = 30  # the time limit, not our own deadline, stops this poll
    server = trickle(rss(nato_items(5)))
    feed = Feed.objects.create(url=server.url(), outlet=make_outlet())

    def time_is_up(signum, frame):
        raise SoftTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, time_is_up)
    signal.setitimer(signal.ITIMER_REAL, 0.6)
    try:
        outcome = poll(feed)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert outcome.status == "error" and "time limit" in outcome.error
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.claimed_until) == (1, None)
    assert "time limit" in feed.last_error and feed.next_poll_at > timezone.now()


def test_a_feed_asking_us_to_slow_down_is_postponed_and_raises_no_alert(
    httpserver, loopback, settings
):
    settings.FEED_ALERT_AFTER_FAILURES = 2
    user = make_user("m", staff=False, password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Moderators"))
    httpserver.expect_request("/feed").respond_with_data(
        "", status=429, headers={"Retry-After": "7200"}
    )
    feed = feed_for(httpserver)
    for _ in range(3):
        outcome = poll(feed)
        assert outcome.status == "postponed" and "slow down" in outcome.error
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.failing_since, feed.claimed_until) == (0, None, None)
    assert feed.next_poll_at > timezone.now() + timedelta(minutes=110)
    assert mail.outbox == []


def test_an_urgent_email_the_mail_server_refused_is_sent_on_a_later_run(
    httpserver, loopback, settings
):
    from tests.subscriptions.smtp_sink import SmtpSink, send_mail_through

    sink = SmtpSink(refuse={"m@example.org": ["451 4.3.0 try again later"]})
    send_mail_through(settings, sink)
    user = make_user("m", staff=False, password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Moderators"))
    httpserver.expect_request("/feed").respond_with_data(
        rss(
            [
                {
                    "title": "Article 5 invoked after attack",
                    "link": "https://n.example/x",
                    "guid": "x",
                }
            ]
        )
    )
    poll(feed_for(httpserver))
    try:
        assert polling.notify_urgent() == 0
        assert sink.received == []
        # Beat retries it, whether or not another poll finds new headlines.
        from news.tasks import notify_urgent as retry

        assert settings.CELERY_BEAT_SCHEDULE["retry-urgent-emails"]["task"] == retry.name
        assert retry.delay().get() == 1
        assert polling.notify_urgent() == 0
        assert sink.received == ["m@example.org"]
    finally:
        sink.shutdown()
        sink.server_close()


def test_a_story_carried_by_a_second_feed_is_merged_into_the_first(httpserver, loopback):
    httpserver.expect_request("/one").respond_with_data(rss(nato_items(2)))
    httpserver.expect_request("/two").respond_with_data(rss(nato_items(1), title="Aggregator"))
    first, second = feed_for(httpserver, "/one"), feed_for(httpserver, "/two")
    assert poll(first).created == 2
    assert poll(second).created == 0
    story = Candidate.objects.get(url="https://news.example.org/story-0")
    assert story.feed == first and list(story.also_in.all()) == [second]
    assert poll(second).created == 0  # seen again: still one story, still one other feed
    assert story.also_in.count() == 1

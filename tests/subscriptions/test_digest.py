"""Notable updates reach readers as one digest a day; verdict changes still at once.

A real SMTP server on loopback (smtp_sink.py) and the real delivery code: each test
publishes through the services, writes the digest as beat would at a given moment
(`write_due_digest(now=...)`, so the tests never depend on the time of day they run
at), and delivers as the worker's sweep does. Each ends on what readers hold.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from werkzeug import Response

from news import services as news
from status import services as status_services
from status.models import State
from subscriptions import digest, services, tasks
from subscriptions.delivery import deliver_due
from subscriptions.models import (
    Announcement,
    DeliveryState,
    Digest,
    EmailDelivery,
    Subscriber,
    Webhook,
)
from tests.factories import EDITORS, make_user
from tests.news.factories import make_outlet
from tests.subscriptions.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
NOTABLE = ["ann@example.org", "bea@example.org"]  # "Also notable updates"
VERDICT_ONLY = "vic@example.org"
LINKS = [
    ("NATO jets scrambled over the Baltic", "Allied jets met Russian aircraft; no shots fired."),
    ("Estonia asks for Article 4 talks", "A request for consultations, not for Article 5."),
    ("Cable damaged in the Gulf of Finland", "Investigators have not said who is behind it."),
]


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A UK wall-clock moment in 2026 (November: GMT; July: BST)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UK)


MORNING = at(27, 7, 0)  # DIGEST_TIME on 27 November 2026


@pytest.fixture
def sink(sink, settings):
    settings.DIGEST_TIME = time(7, 0)
    return sink


@pytest.fixture
def readers(sink):
    now = timezone.now()
    for address in NOTABLE:
        Subscriber.objects.create(email=address, confirmed_at=now, changelog_too=True)
    Subscriber.objects.create(email=VERDICT_ONLY, confirmed_at=now)
    return Subscriber.objects.all()


def publish_links(moderator, links=LINKS) -> None:
    for n, (title, context) in enumerate(links):
        news.create_published_link(
            moderator=moderator,
            url=f"https://www.example-news.org/story-{n}-{title[:4].lower()}",
            title=title,
            outlet=make_outlet(),  # example-news.org: no link is published without one
            context=context,
            source_published_at=timezone.now() - timedelta(hours=1),
        )


def change_verdict(headline: str = "Allies are consulting under Article 4.") -> None:
    status_services.change_verdict(
        user=None,
        state=State.ARTICLE4_CONSULTATIONS,
        answer="No",
        headline=headline,
        summary="Talks, not war.",
        reason="Estonia asked for consultations.",
    )


def digest_run(now: datetime) -> Digest | None:
    """Beat's digest job at `now`: write what is due, then deliver everything due."""
    written = digest.write_due_digest(now=now)
    deliver_due()
    return written


def digests_held(sink: SmtpSink, address: str) -> list:
    return [m for m in sink.messages_to(address) if "Daily digest" in m["Subject"]]


def test_three_approved_links_make_one_digest_per_subscriber(sink, readers, moderator):
    change_verdict()
    publish_links(moderator)
    deliver_due()  # the worker, nudged after each change
    for address in NOTABLE:  # the verdict change came at once, the links did not
        assert [m["Subject"] for m in sink.messages_to(address)] == [
            "[Is NATO at war with Russia?] Status update: Allies are consulting under Article 4."
        ]

    digest_run(MORNING)

    for address in NOTABLE:
        (held,) = digests_held(sink, address)
        assert held["Subject"] == (
            "[Is NATO at war with Russia?] Daily digest: 3 updates (27 November 2026)"
        )
        body = held.get_content()
        positions = [body.index(f"Link published: {title}") for title, _ in LINKS]
        assert positions == sorted(positions), "the updates are listed in the order they happened"
        for _, context in LINKS:
            assert context in body
        assert "http://127.0.0.1:8000/news/#link-" in body
        assert "The answer now: No — Allies are consulting under Article 4." in body
        assert "Unsubscribe with one click: http://127.0.0.1:8000/unsubscribe/" in body
        assert held["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/unsubscribe/")
        assert held["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert held["Message-ID"].startswith("<digest.")
    assert digests_held(sink, VERDICT_ONLY) == []
    assert len(sink.messages_to(VERDICT_ONLY)) == 1  # the verdict change only


def test_a_verdict_change_is_still_emailed_at_once_to_every_reader(sink, readers, moderator):
    publish_links(moderator, LINKS[:1])
    change_verdict()
    deliver_due()
    for address in [*NOTABLE, VERDICT_ONLY]:
        (message,) = sink.messages_to(address)
        assert message["Subject"].endswith("Status update: Allies are consulting under Article 4.")
        assert "Why: Estonia asked for consultations." in message.get_content()
    assert not Digest.objects.exists()
    link, verdict = Announcement.objects.order_by("id")
    assert link.for_digest and not verdict.for_digest


def test_an_indicator_change_is_emailed_at_once_not_kept_for_the_digest(sink, readers):
    from tests.status.factories import NATO_SOURCE, make_indicators

    change_verdict()
    (indicator,) = make_indicators(1)
    status_services.update_indicator(
        user=None,
        indicator=indicator,
        state="watch",
        state_label="Ongoing",
        note="Allies are consulting.",
        sources=[NATO_SOURCE],
        expected_version=1,
    )
    deliver_due()
    for address in NOTABLE:
        subjects = [m["Subject"].strip() for m in sink.messages_to(address)]
        assert len(subjects) == 2 and "Status update" in subjects[0]
        assert subjects[1].endswith("] Indicator updated: Indicator 0 — Ongoing")
    assert not Announcement.objects.filter(for_digest=True).exists()


def test_webhooks_still_hear_of_each_link_at_once(sink, readers, moderator, httpserver, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    posts = []
    httpserver.expect_request("/hook", method="POST").respond_with_handler(
        lambda request: posts.append(request.get_json()) or Response("ok")
    )
    Webhook.objects.create(
        url=httpserver.url_for("/hook").replace("localhost", "127.0.0.1"), secret="s3cret"
    )
    publish_links(moderator)
    deliver_due()
    assert [p["summary_of_change"] for p in posts] == [f"Link published: {t}" for t, _ in LINKS]
    assert sink.messages == []  # readers wait for the digest


def test_rerunning_the_digest_job_sends_nothing_twice(sink, readers, moderator):
    publish_links(moderator)
    assert digest_run(MORNING) is not None
    # Two beats at once, a rerun, the next minutes' runs, the evening: nothing new.
    for moment in (MORNING, at(27, 7, 1), at(27, 12, 0), at(28, 6, 59)):
        assert digest_run(moment) is None
    tasks.deliver_due()
    assert Digest.objects.count() == 1
    for address in NOTABLE:
        assert len(sink.messages_to(address)) == 1
    assert len(sink.received) == len(NOTABLE)


def test_a_run_missed_at_digest_time_is_made_up_at_the_next_sweep(sink, readers, moderator):
    publish_links(moderator)
    assert digest_run(at(27, 6, 59)).day == MORNING.date() - timedelta(days=1)  # yesterday's
    publish_links(moderator, LINKS[1:2])
    # Beat was down from 06:59 to 09:30: its first run writes the day's digest then.
    made_up = digest_run(at(27, 9, 30))
    assert made_up.day == MORNING.date() and made_up.due_at == MORNING
    assert made_up.updates == 1
    for address in NOTABLE:
        assert len(digests_held(sink, address)) == 2


def test_a_mail_outage_during_the_digest_is_retried_and_everyone_ends_with_exactly_one(
    settings, sink, readers, moderator
):
    settings.DELIVERY_RETRY_BACKOFF = timedelta(milliseconds=1)  # due again at the next run
    publish_links(moderator)
    port = sink.port
    sink.stop()  # the mail server is away at digest time
    digest_run(MORNING)
    waiting = EmailDelivery.objects.filter(digest__isnull=False)
    assert {d.status for d in waiting} == {"retrying"}
    assert all("Could not reach the mail server" in d.last_error for d in waiting)

    back = SmtpSink(port=port)
    back.vanish_after_data.add(NOTABLE[0])  # took it, then lost the acknowledgement
    deliver_due()
    deliver_due()  # beat's next sweep
    for address in NOTABLE:
        assert len(digests_held(back, address)) == 1  # one Message-ID: one email
    assert set(waiting.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    back.stop()


def test_nothing_notable_means_no_digest_email(sink, readers, moderator):
    change_verdict()
    deliver_due()
    sink.messages.clear()
    empty = digest_run(MORNING)
    assert empty.updates == 0 and empty.settled_at is not None
    assert sink.messages == [] and not EmailDelivery.objects.filter(digest=empty).exists()
    # An update later that day waits for the next morning, not a second digest today.
    publish_links(moderator, LINKS[:1])
    assert digest_run(at(27, 15, 0)) is None
    assert sink.messages == []
    digest_run(at(28, 7, 0))
    for address in NOTABLE:
        (held,) = digests_held(sink, address)
        assert "1 update (28 November 2026)" in held["Subject"]


def test_an_unsubscribed_reader_gets_nothing(sink, readers, moderator):
    publish_links(moderator)
    gone_before, gone_after_writing = NOTABLE
    services.unsubscribe(token=_token(gone_before))
    digest.write_due_digest(now=MORNING)
    digest.fan_out_due()
    services.unsubscribe(token=_token(gone_after_writing))  # before the worker sent it
    deliver_due()
    assert sink.messages == []
    (cancelled,) = EmailDelivery.objects.filter(digest__isnull=False)
    assert cancelled.state == DeliveryState.CANCELLED and "unsubscribed" in cancelled.last_error


def test_a_reader_who_confirmed_after_an_update_still_gets_that_days_digest(
    sink, readers, moderator
):
    publish_links(moderator, LINKS[:1])
    late = Subscriber.objects.create(
        email="late@example.org", confirmed_at=timezone.now(), changelog_too=True
    )
    digest_run(MORNING)
    (held,) = digests_held(sink, late.email)
    assert f"Link published: {LINKS[0][0]}" in held.get_content()


def test_a_digest_not_fully_delivered_alerts_the_editors_once_and_a_resend_delivers(
    client, settings, sink, readers, moderator
):
    settings.DELIVERY_ALERT_AFTER = timedelta(0)
    editor = make_user("ed", role=EDITORS)
    sink.refuse[NOTABLE[0]] = ["550 5.1.1 No such user"]
    publish_links(moderator)
    written = digest.write_due_digest(now=timezone.now())
    tasks.deliver_due()
    tasks.deliver_due()  # beat's next sweep: the editors are told once only
    alerts = [m for m in sink.messages_to("ed@example.org")]
    assert len(alerts) == 1 and "daily digest" in alerts[0]["Subject"]

    client.force_login(editor)
    page = client.get(f"/admin/subscriptions/digest/{written.pk}/change/").content.decode()
    assert "1 delivered, 0 pending, 0 retrying, 1 failed" in page
    assert "550 5.1.1 No such user" in page and "@example.org" not in page
    sink.refuse.clear()  # the reader fixed their mailbox
    client.post(
        "/admin/subscriptions/digest/",
        {"action": "resend_failed", "_selected_action": [written.pk]},
    )
    tasks.deliver_due()
    for address in NOTABLE:
        assert len(digests_held(sink, address)) == 1


@pytest.mark.parametrize(
    ("now", "day", "due"),
    [
        (at(27, 6, 59), at(26, 7).date(), at(26, 7)),
        (at(27, 7, 0), at(27, 7).date(), at(27, 7)),
        # British Summer Time: 07:00 in London is 06:00 UTC.
        (datetime(2026, 7, 1, 6, 0, tzinfo=ZoneInfo("UTC")), at(1, 7, month=7).date(), None),
    ],
)
def test_the_digest_is_due_at_digest_time_uk_time_summer_and_winter(settings, now, day, due):
    settings.DIGEST_TIME = time(7, 0)
    slot_day, slot_at = digest.due_slot(now)
    assert slot_day == day
    assert slot_at == (due or now)


def _token(address: str) -> str:
    link = services.unsubscribe_link(Subscriber.objects.get(email=address))
    return link.rstrip("/").rsplit("/", 1)[1]


def test_the_write_digest_command_does_what_beat_does(sink, readers, moderator):
    publish_links(moderator)
    out = StringIO()
    call_command("write_digest", stdout=out)
    assert "3 update(s)" in out.getvalue()
    call_command("write_digest", stdout=out)
    assert "No digest due" in out.getvalue()
    for address in NOTABLE:
        assert len(digests_held(sink, address)) == 1


def test_a_link_hidden_before_the_digest_is_told_but_no_longer_linked(sink, readers, moderator):
    from news.models import CuratedLink

    publish_links(moderator, LINKS[:1])
    news.hide_link(moderator=moderator, link=CuratedLink.objects.get(), reason="Wrong date.")
    digest_run(MORNING)
    body = digests_held(sink, NOTABLE[0])[0].get_content()
    assert f"Link published: {LINKS[0][0]}" in body and f"Link hidden: {LINKS[0][0]}" in body
    assert "Wrong date." in body
    assert "/news/#link-" not in body and "http://127.0.0.1:8000/changelog/" in body


def test_the_day_s_digest_after_the_launch_content_holds_only_the_three_approved_links(
    sink, readers, moderator
):
    from audit.models import AuditEntry
    from explainers import services as explainers

    call_command("load_launch_content", stdout=StringIO())
    explainers.publish_due()  # beat, the minute after the launch
    publish_links(moderator)
    deliver_due()
    assert sink.messages == []  # the launch is on the changelog, but nobody is emailed it

    written = digest_run(MORNING)

    assert written.updates == 3
    for address in NOTABLE:
        (held,) = digests_held(sink, address)
        assert "Daily digest: 3 updates" in held["Subject"]
        body = held.get_content()
        items = [line for line in body.splitlines() if line[:3] in {"1. ", "2. ", "3. ", "4. "}]
        assert items == [f"{n}. Link published: {title}" for n, (title, _) in enumerate(LINKS, 1)]
    assert AuditEntry.objects.public().filter(actor__isnull=True).count() > 3  # launch, public


def test_an_update_an_editor_marks_not_newsworthy_stays_out_of_the_digest(sink, readers, moderator):
    from audit.hooks import not_news

    with not_news():
        publish_links(moderator, LINKS[:1])
    publish_links(moderator, LINKS[1:2])
    assert digest_run(MORNING).updates == 1


def test_a_link_published_again_is_not_announced_again_unless_an_editor_says_so(
    sink, readers, moderator
):
    from audit.hooks import announce_again
    from news.models import CuratedLink

    publish_links(moderator, LINKS[:1])
    link = CuratedLink.objects.get()
    news.hide_link(moderator=moderator, link=link, reason="Checking a detail.")
    news.publish_link(moderator=moderator, link=CuratedLink.objects.get())
    assert Announcement.objects.filter(entry__action="published").count() == 1
    news.hide_link(moderator=moderator, link=CuratedLink.objects.get(), reason="Again.")
    with announce_again():
        news.publish_link(moderator=moderator, link=CuratedLink.objects.get())
    assert Announcement.objects.filter(entry__action="published").count() == 2

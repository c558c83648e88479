"""Two moderators approve three headlines in the real admin; the next morning's digest
tells each notable-updates reader of all three in one email (an SMTP sink on loopback).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Candidate, Feed
from subscriptions import digest, tasks
from subscriptions.models import Subscriber
from tests.browser.conftest import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINES = {
    "NATO jets scrambled over the Baltic": "Allied jets met Russian aircraft; no shots fired.",
    "Estonia asks allies for Article 4 talks": "Consultations, not a call for collective defence.",
    "Undersea cable cut in the Gulf of Finland": "Investigators have not said who is behind it.",
}
NOTABLE = ["ann@example.org", "bea@example.org"]
VERDICT_ONLY = "vic@example.org"


@pytest.fixture
def newsroom(launched):
    for role, names in (("Editors", ("alice", "bob")), ("Moderators", ("mo", "mia"))):
        for name in names:
            make_staff(role, name)
    # Yesterday's digest told of the launch content (before these readers came);
    # today's starts afresh.
    digest.write_due_digest(now=timezone.now() - timedelta(days=1))
    tasks.deliver_due()


@pytest.fixture
def readers(newsroom, sink):
    now = timezone.now()
    for address in NOTABLE:
        Subscriber.objects.create(email=address, confirmed_at=now, changelog_too=True)
    Subscriber.objects.create(email=VERDICT_ONLY, confirmed_at=now)


@pytest.fixture
def headlines(newsroom):
    feed = Feed.objects.first()
    return [
        Candidate.objects.create(
            feed=feed,
            guid=f"g{n}",
            url=f"https://www.bbc.co.uk/news/world-{n}",
            canonical_url=f"https://www.bbc.co.uk/news/world-{n}",
            title=title,
            score=9,
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n, title in enumerate(HEADLINES)
    ]


def approve_on_its_page(page, candidate: Candidate) -> None:
    page.goto(f"/admin/news/candidate/{candidate.pk}/approve/")
    page.fill("textarea[name=context]", HEADLINES[candidate.title])
    with page.expect_navigation():
        page.get_by_role("button", name="Publish with this context").click()
    assert f"Published: {candidate.title}" in page.content()


def test_three_approved_headlines_reach_each_notable_reader_in_one_morning_digest(
    signed_in, readers, headlines, sink, page
):
    first, second, third = headlines
    mo = signed_in("mo")
    approve_on_its_page(mo, first)
    approve_on_its_page(mo, second)
    mia = signed_in("mia")  # the last one from the headline inbox, by keyboard
    mia.goto("/admin/news/candidate/inbox/")
    mia.keyboard.press("j")
    assert third.title in mia.locator("#inbox-status").inner_text()
    mia.keyboard.press("a")
    mia.locator("textarea[name=context]").fill(HEADLINES[third.title])
    with mia.expect_navigation():
        mia.get_by_role("button", name="Publish with this context").click()
    assert "Published" in mia.content()

    # Readers see the links at once; nobody has been emailed one by one.
    page.goto("/")
    for title in HEADLINES:
        assert page.get_by_role("link", name=title, exact=True).count() >= 1
    page.goto("/changelog/")
    for title in HEADLINES:
        assert f"Link published: {title}" in page.content()
    assert sink.messages == []

    tasks.write_digest()  # beat's run at DIGEST_TIME

    for address in NOTABLE:
        (held,) = sink.messages_to(address)
        assert "Daily digest: 3 updates" in held["Subject"]
        body = held.get_content()
        for title, context in HEADLINES.items():
            assert f"Link published: {title}" in body and context in body
    assert sink.messages_to(VERDICT_ONLY) == []
    tasks.write_digest()  # the next minute's run: nothing more
    assert len(sink.messages) == len(NOTABLE)

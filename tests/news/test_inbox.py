"""The moderators' headline inbox: one row per story, its outlet named from its own
address, the summary a click away, the row's actions posting to the services."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import services
from news.models import (
    Candidate,
    CandidateState,
    CuratedLink,
    Feed,
    LinkState,
    Outlet,
    Standing,
)
from tests.factories import staff_client

pytestmark = pytest.mark.django_db
INBOX = "/admin/news/candidate/inbox/"


@pytest.fixture
def story() -> Candidate:
    aggregator = Outlet.objects.create(name="Aggregator", domain="aggregator.example")
    Outlet.objects.create(name="BBC News", domain="bbc.co.uk")
    feed = Feed.objects.create(url="https://aggregator.example/rss", outlet=aggregator)
    other = Feed.objects.create(url="https://other.example/rss")
    candidate = Candidate.objects.create(
        feed=feed,
        guid="g1",
        url="https://www.bbc.co.uk/news/world-1",
        canonical_url="https://www.bbc.co.uk/news/world-1",
        title="NATO jets scrambled over the Baltic after airspace violation",
        summary="Allied jets intercepted two aircraft near Estonia.",
        score=9,
        urgent=True,
        published_at=timezone.now(),
    )
    candidate.also_in.add(other)
    return candidate


def test_one_row_per_story_with_outlet_summary_score_and_other_feeds(story):
    _, moderator = staff_client("Moderators", "mo")
    page = moderator.get(INBOX).content.decode()
    assert '<summary class="story-headline">NATO jets scrambled over the Baltic' in page
    assert "Allied jets intercepted two aircraft near Estonia." in page
    assert "BBC News (bbc.co.uk)" in page and "Aggregator (" not in page
    assert "URGENT" in page and "score 9.0" in page and "also in 1 feed" in page
    assert 'target="_blank"' in page  # the story opens beside the admin, not instead of it
    for action in ("claim", "approve", "reject", "duplicate"):
        assert f"/admin/news/candidate/inbox/{story.pk}/{action}/" in page, action


def test_the_inbox_runs_its_shortcuts_from_a_same_origin_file_only(story):
    _, moderator = staff_client("Moderators", "mo")
    page = moderator.get(INBOX).content.decode()
    assert '<script src="/static/js/inbox.js" defer></script>' in page
    assert 'aria-live="polite"' in page and "Keyboard shortcuts" in page
    assert "onclick" not in page and "<script>" not in page


def test_the_stock_list_is_not_the_working_screen(story):
    _, moderator = staff_client("Moderators", "mo")
    assert moderator.get("/admin/news/candidate/")["Location"] == INBOX
    assert moderator.get("/admin/news/candidate/?queue=decided").status_code == 200


def test_claiming_from_the_inbox_shows_who_holds_the_claim(story):
    _, ann = staff_client("Moderators", "ann")
    ann.post(f"{INBOX}{story.pk}/claim/", {"next": INBOX})
    _, moderator = staff_client("Moderators", "mo")
    assert "claimed by ann" in moderator.get(INBOX).content.decode()
    response = moderator.post(
        f"{INBOX}{story.pk}/reject/", {"reason": "Off topic.", "next": f"{INBOX}#story-99"}
    )
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    # The headline once, then who holds the claim and since when.
    assert said.count("NATO jets scrambled") == 1
    assert "ann has been reviewing it since " in said and "when the claim lapses" in said
    assert response["Location"] == f"{INBOX}#story-{story.pk}"  # back at the story refused
    story.refresh_from_db()
    assert story.state == CandidateState.PENDING


def test_approving_from_the_inbox_credits_the_outlet_of_the_stories_own_domain(story):
    user, moderator = staff_client("Moderators", "mo")
    response = moderator.post(
        f"{INBOX}{story.pk}/approve/",
        {
            "context": "Allied jets intercepted aircraft; no shots fired.",
            "source_published_at": "2026-11-27T13:26",
            "next": f"{INBOX}?show=all",
        },
    )
    assert response["Location"] == f"{INBOX}?show=all"
    link = CuratedLink.objects.get()
    assert link.state == LinkState.PUBLISHED and link.outlet.name == "BBC News"
    assert timezone.localtime(link.source_published_at).strftime("%H:%M") == "13:26"


def test_rejecting_needs_a_reason_and_marking_a_duplicate_needs_none(story):
    _, moderator = staff_client("Moderators", "mo")
    refused = moderator.post(f"{INBOX}{story.pk}/reject/", {"reason": ""})
    assert "Give a reason" in " ".join(str(m) for m in get_messages(refused.wsgi_request))
    moderator.post(f"{INBOX}{story.pk}/duplicate/")
    story.refresh_from_db()
    assert story.state == CandidateState.DUPLICATE


def test_editors_read_the_inbox_without_actions_and_cannot_post_them(story):
    _, editor = staff_client("Editors", "ed")
    page = editor.get(INBOX).content.decode()
    assert "NATO jets scrambled" in page and "Claim" not in page and "Reject…" not in page
    response = editor.post(f"{INBOX}{story.pk}/duplicate/")
    assert response.status_code == 403
    assert "Moderators can" in response.content.decode()


def test_the_approve_page_offers_reject_too(story):
    _, moderator = staff_client("Moderators", "mo")
    page = moderator.get(f"/admin/news/candidate/{story.pk}/approve/").content.decode()
    assert "Publish with this context" in page
    assert f"/admin/news/candidate/inbox/{story.pk}/reject/" in page


def test_a_story_on_a_subdomain_is_credited_to_the_outlet_of_its_domain():
    Outlet.objects.create(name="BBC News", domain="bbc.co.uk")
    assert services.outlet_for("https://news.bbc.co.uk/a").name == "BBC News"
    assert services.outlet_for("https://example.org/a") is None


def _queries_for_inbox(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX).status_code == 200
    return len(queries)


def test_the_inbox_makes_the_same_few_queries_with_100k_headlines(story):
    _, moderator = staff_client("Moderators", "mo")
    few = _queries_for_inbox(moderator)
    with connection.cursor() as cursor:
        # The numbers 1 to 100,000 by a recursive query, which both databases know.
        cursor.execute(
            """
            WITH RECURSIVE numbers(n) AS (
                SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < 100000
            )
            INSERT INTO news_candidate (feed_id, guid, url, canonical_url, title, summary,
                score, matched_terms, urgent, state, reason, created_at)
            SELECT %s, 'bulk-' || n, 'https://bulk.example/' || n, 'https://bulk.example/' || n,
                'Bulk headline ' || n, '', (n %% 10), '[]', n %% 1000 = 0, 'pending', '', %s
            FROM numbers
            """,
            [story.feed_id, timezone.now()],
        )
        cursor.execute("ANALYZE news_candidate")
    many = _queries_for_inbox(moderator)
    assert many == few <= 12


# --- outlets at approval, and the next story after each decision ---------------------


@pytest.fixture
def wire_story(story) -> Candidate:
    """A Reuters story through a feed credited to no outlet: Reuters is not listed."""
    feed = Feed.objects.create(url="https://wire.example/rss")
    return Candidate.objects.create(
        feed=feed,
        guid="w1",
        url="https://www.reuters.com/world/europe/jets-2026-12-07/",
        canonical_url="https://www.reuters.com/world/europe/jets-2026-12-07/",
        title="Reuters: allied jets scrambled again",
        score=8,
        published_at=timezone.now(),
    )


def _row(page: str, candidate: Candidate) -> str:
    start = page.index(f'id="story-{candidate.pk}"')
    return page[start : page.find("</li>", start)]


def test_a_story_from_an_unlisted_domain_asks_for_its_outlet_in_the_approve_form(wire_story):
    _, moderator = staff_client("Moderators", "mo")
    page = moderator.get(INBOX).content.decode()
    wire = _row(page, wire_story)
    assert "reuters.com is not in the outlet list" in wire
    assert 'name="outlet_name" list="outlet-names"' in wire and " required>" in wire
    assert 'name="outlet_domain" value="reuters.com"' in wire
    assert 'name="outlet_reputable" checked' in wire
    assert '<option value="BBC News">' in page  # listed outlets to pick from
    bbc = _row(page, Candidate.objects.get(guid="g1"))
    assert "not in the outlet list" not in bbc and "outlet_name" not in bbc


def test_approving_from_the_inbox_adds_the_outlet_named_and_moves_to_the_next_story(
    story, wire_story
):
    _, moderator = staff_client("Moderators", "mo")
    page = moderator.get(INBOX).content.decode()
    # The urgent BBC story comes first; deciding it leads to the Reuters one, and the
    # last story leads back to the one before it.
    assert f'name="next" value="{INBOX}#story-{wire_story.pk}"' in _row(page, story)
    assert f'name="next" value="{INBOX}#story-{story.pk}"' in _row(page, wire_story)
    response = moderator.post(
        f"{INBOX}{wire_story.pk}/approve/",
        {
            "context": "Allied jets met Russian aircraft; no shots fired.",
            "outlet_name": "Reuters",
            "outlet_domain": "reuters.com",
            "outlet_reputable": "on",
            "next": f"{INBOX}#story-{story.pk}",
        },
    )
    assert response["Location"] == f"{INBOX}#story-{story.pk}"
    link = CuratedLink.objects.get()
    assert (link.outlet.name, link.outlet.domain, link.outlet.reputable) == (
        "Reuters",
        "reuters.com",
        True,
    )


def test_an_approval_naming_no_outlet_is_refused_in_a_sentence_at_its_own_story(wire_story):
    _, moderator = staff_client("Moderators", "mo")
    response = moderator.post(
        f"{INBOX}{wire_story.pk}/approve/",
        {"context": "Allied jets met Russian aircraft.", "next": f"{INBOX}#story-1"},
    )
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert said.startswith("“Reuters: allied jets scrambled again”: reuters.com is not in the")
    assert "Nothing is published as “Unknown outlet”." in said
    assert response["Location"] == f"{INBOX}#story-{wire_story.pk}"
    assert not CuratedLink.objects.exists() and not Outlet.objects.filter(name="Reuters")
    wire_story.refresh_from_db()
    assert wire_story.state == CandidateState.PENDING


def test_the_date_sits_behind_a_change_date_toggle_after_the_publish_button(story):
    _, moderator = staff_client("Moderators", "mo")
    row = _row(moderator.get(INBOX).content.decode(), story)
    publish = row.index("Publish with this context")
    toggle = row.index('<details class="change-date">')
    date = row.index('type="datetime-local"')
    # Closed, the date's sub-fields take no Tab stops between the context and Publish.
    assert publish < toggle < date < row.index("</details>", toggle)
    assert "Ctrl+Enter" in row


def test_a_story_from_a_known_disinformation_outlet_is_flagged_and_cannot_be_approved(story):
    moderator, client = staff_client("Moderators", "mo")
    Outlet.objects.create(
        name="Pravda network (pravda-fr.com)",
        domain="pravda-fr.com",
        standing=Standing.DISINFORMATION,
    )
    Candidate.objects.filter(pk=story.pk).update(
        url="https://pravda-fr.com/world/1", canonical_url="https://pravda-fr.com/world/1"
    )
    page = client.get(INBOX).content.decode()
    assert "Known disinformation: Pravda network (pravda-fr.com)" in page
    assert 'class="story urgent disinformation"' in page
    story.refresh_from_db()
    with pytest.raises(ValidationError, match="marked as known disinformation"):
        services.approve_candidate(moderator=moderator, candidate=story, context="Context.")
    assert not CuratedLink.objects.exists()

"""One decision, one keystroke: a moderator approves three headlines from the inbox by
keyboard alone, and the test counts the keys that are not typing (shortcuts, Tab,
Ctrl+Enter) per approval. The stories are the breaking-news night's: Reuters, AP and
Postimees through an aggregator, none of them in the outlet list, so each approval also names
its outlet. The inbox still works with JavaScript off."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from news.models import Candidate, CandidateState, Feed
from news.outlets import outlets_for
from tests.browser.conftest import log_in, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INBOX = "/admin/news/candidate/inbox/"
NIGHT = [
    (
        "https://www.reuters.com/world/europe/nato-jets-scrambled-baltic-2026-12-07/",
        "NATO jets scrambled over the Baltic after airspace violation",
        "Reuters",
    ),
    (
        "https://apnews.com/article/poland-drones-airports-closed-4f1c",
        "Poland closes two airports as drones cross from Belarus",
        "Associated Press",
    ),
    (
        # Not ERR (news.err.ee): the launch content lists err.ee, as ERR News.
        "https://news.postimees.ee/8123456/estonia-asks-allies-for-article-4-talks",
        "Estonia asks allies for Article 4 talks",
        "Postimees",
    ),
]
CONTEXT = "Allies are consulting; no ally has invoked Article 5."
MOST_KEYS = 3


@pytest.fixture
def night(launched) -> list[Candidate]:
    make_staff("Moderators", "mo")
    # The test's premise: the launch content's outlet list has none of the night's domains.
    assert not any(outlets_for(url for url, _, _ in NIGHT).values())
    aggregator = Feed.objects.create(url="https://aggregator.example/world.rss")
    now = timezone.now()
    stories = [
        Candidate.objects.create(
            feed=aggregator,
            guid=url,
            url=url,
            canonical_url=url,
            title=title,
            summary=f"{title}. More in the story.",
            score=9 - n,
            published_at=now - timedelta(minutes=n),
        )
        for n, (url, title, _) in enumerate(NIGHT)
    ]
    # Seen already under another headline: marked a duplicate by its own key.
    stories.append(
        Candidate.objects.create(
            feed=aggregator,
            guid="dup",
            url="https://www.reuters.com/world/europe/jets-baltic-update/",
            canonical_url="https://www.reuters.com/world/europe/jets-baltic-update/",
            title="UPDATE 1-NATO jets scrambled over the Baltic",
            summary="Adds a NATO spokesman's comment.",
            score=5,
            published_at=now - timedelta(minutes=10),
        )
    )
    return stories


def focused_story(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_three_headlines_are_approved_with_at_most_three_keys_each(page, night):
    log_in(page, "mo")
    page.goto(INBOX)
    keys: list[int] = []

    def press(key: str) -> None:
        keys[-1] += 1
        page.keyboard.press(key)

    for n, (_, title, outlet) in enumerate(NIGHT):
        keys.append(0)
        if n:  # after each decision the focus is on the next story, not at the top
            assert focused_story(page) == f"story-{night[n].pk}"
        press("a")  # approve: the focus goes to the context
        if not n:  # the open form, with the outlet's fields, as a screen reader meets it
            results = Axe().run(page)
            assert not results.violations_count, results.generate_report()
        page.keyboard.type(CONTEXT)
        press("Tab")  # to the outlet's name: none of these domains is listed
        page.keyboard.type(outlet)
        with page.expect_navigation():
            press("Control+Enter")  # publish with the typed context
        assert f"Published: “{title}”." in page.locator(".messagelist").inner_text()
    print(f"\nNon-text keys per approval: {keys} (goal: at most {MOST_KEYS} each)")
    assert all(count <= MOST_KEYS for count in keys), keys

    links = [Candidate.objects.select_related("link__outlet").get(pk=c.pk).link for c in night[:3]]
    for link, (_, _, outlet) in zip(links, NIGHT, strict=True):
        assert (link.outlet.name, link.context) == (outlet, CONTEXT)

    # The fourth story: s opens its summary, d marks it a duplicate.
    duplicate = night[3]
    assert focused_story(page) == f"story-{duplicate.pk}"
    summary = page.locator(f"#story-{duplicate.pk} .story-detail p").first
    assert not summary.is_visible()
    page.keyboard.press("s")
    assert summary.inner_text() == "Adds a NATO spokesman's comment."
    with page.expect_navigation():
        page.keyboard.press("d")
    duplicate.refresh_from_db()
    assert duplicate.state == CandidateState.DUPLICATE

    page.goto("/news/")
    assert "Unknown outlet" not in page.content()
    for link, (_, _, outlet) in zip(links, NIGHT, strict=True):
        assert page.locator(f"#link-{link.pk} .meta").inner_text().startswith(outlet)


def test_without_javascript_the_approve_form_still_publishes(browser, live_server, night):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "mo")
        page.goto(INBOX)
        story = page.locator(f"#story-{night[0].pk}")
        story.get_by_text("Approve…").click()
        story.locator("textarea[name=context]").fill(CONTEXT)
        story.locator("input[name=outlet_name]").fill("Reuters")
        with page.expect_navigation():
            story.get_by_role("button", name="Publish with this context").click()
        assert page.url.endswith(f"#story-{night[1].pk}")
        assert "Published:" in page.locator(".messagelist").inner_text()
    finally:
        context.close()
    night[0].refresh_from_db()
    assert night[0].link.outlet.name == "Reuters"

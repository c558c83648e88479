"""Readers, moderators and editors, in a real browser."""

import re
from datetime import datetime

import pytest
from django.utils import timezone

from news.models import Candidate, Feed
from tests.browser.conftest import log_in, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_on_a_phone_sees_the_answer_and_freshness_without_scrolling(
    browser, launched, live_server
):
    from status import services

    context = browser.new_context(viewport={"width": 360, "height": 640}, base_url=live_server.url)
    page = context.new_page()

    def above_the_fold(*selectors: str) -> None:
        for selector in selectors:
            box = page.locator(selector).bounding_box()
            assert box is not None and box["y"] + box["height"] <= 640, selector

    # A fresh install has no check yet, and says so where the time would be.
    page.goto("/")
    above_the_fold(".answer", ".checked", ".stale")
    assert page.locator(".answer").inner_text() == "No"
    assert page.locator(".checked").inner_text() == "Status last checked: never"
    assert page.locator(".stale").inner_text() == "This status has not been checked yet."
    # A real site has checks: once an editor records one, the reader sees its time.
    services.record_check(user=make_staff("Editors", "ed"), note="Checked NATO and Reuters.")
    page.goto("/")
    above_the_fold(".answer", ".checked")
    assert re.search(r"\d\d:\d\d (GMT|BST)", page.locator(".checked").inner_text())
    assert page.locator(".stale").count() == 0
    context.close()


def test_a_reader_follows_an_explainer_and_an_faq_anchor(page, launched):
    page.goto("/")
    page.get_by_role("link", name="Article 5 explained").first.click()
    page.wait_for_url("**/explainers/article-5/")
    page.get_by_role("link", name="Invoked once").click()
    assert page.url.endswith("#sec-invoked-once")
    page.goto("/faq/")
    page.get_by_role("link", name="What is Article 4?").click()
    assert page.url.endswith("#what-is-article-4")
    assert page.locator("#what-is-article-4").is_visible()


def test_a_moderator_approves_a_candidate_and_it_appears_on_the_home_page(page, launched):
    make_staff("Moderators", "mod")
    feed = Feed.objects.first()
    Candidate.objects.create(
        feed=feed,
        guid="g1",
        url="https://www.bbc.co.uk/news/world-1",
        title="NATO jets scrambled",
        canonical_url="https://www.bbc.co.uk/news/world-1",
        score=9,
        published_at=timezone.now(),
    )
    log_in(page, "mod")
    page.goto("/admin/")
    page.get_by_role("link", name="Headline inbox").first.click()
    page.wait_for_url("**/admin/news/candidate/inbox/")
    # The keyboard: j moves to the first story, a opens its approval with the focus in
    # the context, and a screen reader hears which story it is.
    page.keyboard.press("j")
    assert "NATO jets scrambled" in page.locator("#inbox-status").inner_text()
    page.keyboard.press("a")
    context = page.locator("textarea[name=context]")
    assert context.evaluate("el => el === document.activeElement")
    context.fill("Allied jets intercepted aircraft near the Baltic; no shots fired.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish with this context").click()
    assert "Published" in page.content()
    page.goto("/")
    link = page.get_by_role("link", name="NATO jets scrambled", exact=True)
    assert link.get_attribute("href") == "https://www.bbc.co.uk/news/world-1"
    assert "no shots fired" in page.content()


def test_an_editor_records_a_check_and_the_home_page_time_moves(page, launched):
    from status import services
    from status.models import Check

    # An earlier check, three days old: the page shows its time and warns it is stale.
    services.record_check(user=make_staff("Editors", "ed"), note="Checked NATO.")
    Check.objects.update(checked_at=timezone.now() - timezone.timedelta(days=3))
    page.goto("/")
    before = page.locator(".checked time").get_attribute("datetime")
    assert page.locator(".stale").is_visible()
    log_in(page, "ed")
    page.goto("/admin/status/check/")
    page.fill("#id_note", "Checked NATO and Reuters.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record a check: no change").click()
    assert "Check recorded" in page.content()
    page.goto("/")
    after = page.locator(".checked time").get_attribute("datetime")
    assert datetime.fromisoformat(after) > datetime.fromisoformat(before)
    assert page.locator(".stale").count() == 0


def test_an_editor_changes_the_verdict_with_a_reason(page, launched):
    make_staff("Editors", "ed2")
    log_in(page, "ed2")
    page.goto("/admin/status/verdict/add/")
    page.select_option("#id_state", "article4_consultations")
    page.fill("#id_headline", "Allies are consulting under Article 4.")
    page.fill("#id_reason", "Estonia requested Article 4 consultations this morning.")
    page.get_by_role("button", name="Publish the new verdict").click()
    page.wait_for_url("**/admin/status/verdict/")
    page.goto("/status/history/")
    assert "Estonia requested Article 4 consultations" in page.content()
    page.goto("/changelog/")
    assert "Verdict changed" in page.content()

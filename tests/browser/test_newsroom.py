"""A day in the newsroom with two editors and two moderators and no superuser."""

import json

import pytest

from status.models import Indicator
from tests.browser.conftest import make_staff
from tests.news.feeds import nato_items, rss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(launched, settings):
    settings.VERDICT_FOUR_EYES = True
    for role, names in (("Editors", ("alice", "bob")), ("Moderators", ("mo", "mia"))):
        for name in names:
            make_staff(role, name)


def what_readers_see(page) -> tuple[dict, str]:
    page.goto("/api/status.json")
    payload = json.loads(page.locator("body").inner_text())
    article_5 = next(i for i in payload["indicators"] if i["key"] == "article-5")
    page.goto("/")
    return article_5, page.locator("#indicator-article-5").inner_text()


def test_an_indicator_change_waits_for_the_second_editor_then_readers_see_it(
    signed_in, newsroom, page
):
    article_5 = Indicator.objects.get(key="article-5")
    alice = signed_in("alice")
    alice.goto(f"/admin/status/indicator/{article_5.pk}/change/")
    assert "Propose a change to Article 5 invoked" in alice.content()
    alice.select_option("#id_state", "met")
    alice.fill("#id_state_label", "Yes")
    alice.fill("#id_note", "Article 5 was invoked this morning after an attack on Estonia.")
    with alice.expect_navigation():
        alice.get_by_role("button", name="Propose for a second editor").click()
    assert "Nothing is live until another editor approves it" in alice.content()
    assert alice.get_by_role("button", name="Approve and publish").count() == 0

    shown, home = what_readers_see(page)
    assert shown["label"] == "No" and "attack on Estonia" not in home

    bob = signed_in("bob")
    assert "Awaiting your approval (1)" in bob.content()
    bob.get_by_role("link", name="alice proposes a change to the indicator").click()
    assert bob.locator("tr.changed", has_text="Readers see").locator("ins").inner_text() == "Yes"
    with bob.expect_navigation():
        bob.get_by_role("button", name="Approve and publish").click()
    assert "is live now" in bob.content()

    shown, home = what_readers_see(page)
    assert shown["label"] == "Yes" and shown["state"] == "met"
    assert "Yes" in home and "attack on Estonia" in home


def test_a_moderator_meets_a_sentence_not_a_bare_403_at_the_editors_door(signed_in, newsroom):
    article_5 = Indicator.objects.get(key="article-5")
    mo = signed_in("mo")
    response = mo.goto(f"/admin/status/indicator/{article_5.pk}/change/")
    assert response.status == 403
    assert "Editors can" in mo.locator(".refusal").inner_text()
    assert mo.get_by_role("link", name="Back to the newsroom").is_visible()


def test_a_moderator_adds_a_feed_polls_it_and_reviews_its_headlines(
    signed_in, newsroom, httpserver, settings
):
    settings.FEEDS_ALLOW_PRIVATE = True
    httpserver.expect_request("/world.xml").respond_with_data(rss(nato_items(2)))
    address = httpserver.url_for("/world.xml").replace("localhost", "127.0.0.1")
    mo = signed_in("mo")
    mo.goto("/admin/news/feed/")
    mo.get_by_role("link", name="Add feed").click()
    assert mo.locator("#id_etag").count() == 0 and mo.locator("#id_claimed_until").count() == 0
    mo.fill("#id_url", address)
    with mo.expect_navigation():
        mo.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in mo.content()
    mo.locator("#result_list").get_by_role("link", name=address).click()
    with mo.expect_navigation():
        mo.get_by_role("button", name="Poll now").click()
    assert "Poll queued" in mo.content()
    mo.goto("/admin/news/candidate/inbox/?show=all")
    assert mo.locator(".story-headline", has_text="NATO and Russia story 0").count() == 1

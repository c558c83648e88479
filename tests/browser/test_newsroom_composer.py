"""The status composer in a real browser: one form for the verdict, an indicator and the
note readers are told; the readers' email previewed before anything goes; one proposal,
approved by a second editor, told to readers once."""

import json

import pytest

from status.models import StatusProposal
from subscriptions.models import Announcement
from tests.browser.conftest import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "The North Atlantic Council agreed this morning that Article 5 applies."


@pytest.fixture
def editors(launched, settings):
    settings.VERDICT_FOUR_EYES = True
    for name in ("alice", "bob"):
        make_staff("Editors", name)


def test_one_composed_change_is_previewed_proposed_approved_and_announced_once(
    signed_in, editors, page
):
    alice = signed_in("alice")
    alice.get_by_role("link", name="Compose a status change").click()
    alice.select_option("#id_state", "article5_invoked")
    alice.fill("#id_answer", "Yes")
    alice.fill("#id_headline", "Article 5 invoked after an attack on Estonia.")
    alice.select_option("#id_article-5-state", "met")
    alice.fill("#id_article-5-state_label", "Yes")
    alice.fill("#id_note", NOTE)
    with alice.expect_navigation():
        alice.get_by_role("button", name="Preview the readers' email").click()
    subject = alice.locator("#email-preview-subject").inner_text()
    assert subject.endswith("The answer changed: No → Yes; 1 indicator updated")
    assert NOTE in alice.locator("#email-preview-body").inner_text()
    assert not StatusProposal.objects.exists()  # a preview proposes nothing
    with alice.expect_navigation():
        alice.get_by_role("button", name="Propose for a second editor").click()
    assert "Nothing is live until another editor approves it" in alice.content()
    assert StatusProposal.objects.count() == 1

    announced = Announcement.objects.count()
    bob = signed_in("bob")
    assert "Awaiting your approval (1)" in bob.content()
    bob.get_by_role("link", name="alice proposes a change to the status").click()
    assert bob.locator("#email-preview-subject").inner_text() == subject
    with bob.expect_navigation():
        bob.get_by_role("button", name="Approve and publish").click()
    assert "is live now" in bob.content()

    page.goto("/api/status.json")
    payload = json.loads(page.locator("body").inner_text())
    assert payload["answer"] == "Yes"
    article_5 = next(i for i in payload["indicators"] if i["key"] == "article-5")
    assert article_5["label"] == "Yes"
    assert Announcement.objects.count() == announced + 1

"""Two editors on one page in real browsers (issue 35): a save from an older page is
merged, and nothing the other editor added is lost without a ticked box naming it.
An explainer, an incident and an indicator: each kind of versioned form."""

import pytest

from explainers.models import Explainer
from tests.browser.conftest import make_staff
from tests.explainers.test_pages import make_explainer
from tests.incidents.factories import make_draft
from tests.status.factories import make_indicators

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PARAGRAPH = "Ben's new paragraph: three drones crossed into Estonia on Tuesday."


def _save(page) -> None:
    with page.expect_navigation():
        page.click("input[name=_save]")


@pytest.fixture
def anna_and_ben(signed_in):
    make_staff("Editors", "anna")
    make_staff("Editors", "ben")
    return signed_in("anna"), signed_in("ben")


def _both_open_then_ben_adds_a_paragraph(anna, ben) -> Explainer:
    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    anna.goto(url)
    ben.goto(url)
    ben.fill("#id_body", ben.input_value("#id_body") + "\n\n" + NEW_PARAGRAPH)
    _save(ben)
    assert "changed successfully" in ben.content()
    return explainer


def test_a_summary_saved_from_an_old_page_keeps_the_paragraph_added_meanwhile(anna_and_ben):
    anna, ben = anna_and_ben
    explainer = _both_open_then_ben_adds_a_paragraph(anna, ben)
    anna.fill("#id_summary", "Anna's sharper summary.")
    _save(anna)

    conflict = anna.locator("#conflict")
    assert "Saved by someone else meanwhile" in conflict.inner_text()
    assert "Their changes are now in the form: Body." in conflict.inner_text()
    assert NEW_PARAGRAPH in anna.input_value("#id_body")
    assert anna.input_value("#id_summary") == "Anna's sharper summary."
    _save(anna)  # the one more click that used to drop Ben's paragraph
    explainer.refresh_from_db()
    assert explainer.summary == "Anna's sharper summary." and NEW_PARAGRAPH in explainer.body


def test_removing_the_paragraph_added_meanwhile_needs_a_box_that_names_it(anna_and_ben):
    anna, ben = anna_and_ben
    explainer = _both_open_then_ben_adds_a_paragraph(anna, ben)
    anna.fill("#id_body", "## What it says\n\nAnna's rewrite of the clause.")
    _save(anna)
    clash = anna.locator("#clash-body")
    assert "you both changed it" in clash.inner_text() and NEW_PARAGRAPH in clash.inner_text()

    _save(anna)  # no choice made: refused, nothing saved
    assert "choose above the form whether to keep yours" in anna.content()
    anna.get_by_label("Keep mine", exact=False).check()
    _save(anna)
    confirm = anna.locator("#confirm-removal")
    assert "Save without the text someone else added: “Ben's new paragraph" in confirm.inner_text()
    explainer.refresh_from_db()
    assert NEW_PARAGRAPH in explainer.body  # still there until the box is ticked

    anna.get_by_label("Save without the text someone else added", exact=False).check()
    _save(anna)
    explainer.refresh_from_db()
    assert explainer.body.endswith("Anna's rewrite of the clause.")
    assert NEW_PARAGRAPH not in explainer.body


def test_an_editor_is_told_while_editing_that_someone_else_saved(anna_and_ben):
    anna, ben = anna_and_ben
    _both_open_then_ben_adds_a_paragraph(anna, ben)
    notice = anna.locator("#newer-version")
    assert notice.is_hidden()
    anna.evaluate("window.dispatchEvent(new Event('focus'))")  # back to the tab
    notice.wait_for(state="visible", timeout=5000)
    assert "Someone else saved a newer version" in notice.inner_text()


def test_an_incident_title_saved_from_an_old_page_keeps_the_account_added_meanwhile(
    anna_and_ben,
):
    anna, ben = anna_and_ben
    incident = make_draft()
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    anna.goto(url)
    ben.goto(url)
    ben.fill("#id_account", ben.input_value("#id_account") + "\n\n" + NEW_PARAGRAPH)
    ben.fill("#id_reason", "The Estonian report.")
    _save(ben)
    anna.fill("#id_title", "Drones cross into Poland and Estonia")
    anna.fill("#id_reason", "Both countries.")
    _save(anna)
    assert "Their changes are now in the form: Account." in anna.locator("#conflict").inner_text()
    _save(anna)
    incident.refresh_from_db()
    assert incident.title == "Drones cross into Poland and Estonia"
    assert NEW_PARAGRAPH in incident.account


def test_an_indicator_label_saved_from_an_old_page_keeps_the_note_added_meanwhile(
    anna_and_ben, settings
):
    settings.VERDICT_FOUR_EYES = False
    anna, ben = anna_and_ben
    (indicator,) = make_indicators(1)
    url = f"/admin/status/indicator/{indicator.pk}/change/"
    anna.goto(url)
    ben.goto(url)
    ben.fill("#id_note", ben.input_value("#id_note") + "\n\n" + NEW_PARAGRAPH)
    with ben.expect_navigation():
        ben.click("input[type=submit][value='Save indicator']")
    anna.fill("#id_state_label", "Not yet")
    with anna.expect_navigation():
        anna.click("input[type=submit][value='Save indicator']")
    assert "Their changes are now in the form: Note." in anna.locator("#conflict").inner_text()
    with anna.expect_navigation():
        anna.click("input[type=submit][value='Save indicator']")
    indicator.refresh_from_db()
    assert indicator.state_label == "Not yet" and NEW_PARAGRAPH in indicator.note

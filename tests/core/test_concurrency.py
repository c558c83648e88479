"""No lost edits: the merge rules, and every versioned form merging a stale save.

The form tests play two editors with two signed-in clients: each opens the page, one
saves, then the other saves from the older page, sending back exactly what the page
holds (hidden fields included), as a browser would.
"""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client

from core import textdiff
from core.concurrency import merge, others_added, plain, removed
from incidents.models import Incident
from news.models import Source
from status.models import Indicator, Verdict
from tests.factories import staff_client
from tests.incidents.factories import make_draft
from tests.status.factories import make_indicators, make_verdict, nato

# -- The rules -------------------------------------------------------------------------

OPENED = {"title": "Drones", "summary": "Old summary.", "body": "First paragraph."}


def test_a_field_only_the_other_editor_changed_takes_their_value():
    theirs = {**OPENED, "body": "First paragraph.\n\nTheir new paragraph."}
    mine = {**OPENED, "summary": "My summary."}
    result = merge(OPENED, mine, theirs)
    assert result.values == {
        "title": "Drones",
        "summary": "My summary.",
        "body": "First paragraph.\n\nTheir new paragraph.",
    }
    assert (result.taken, result.kept, result.clashes) == (["body"], ["summary"], [])


def test_a_field_both_changed_differently_is_a_clash_the_editor_must_settle():
    theirs = {**OPENED, "body": "Their body."}
    mine = {**OPENED, "body": "My body."}
    result = merge(OPENED, mine, theirs)
    assert result.clashes == ["body"] and result.values["body"] == "My body."


def test_the_same_change_made_by_both_is_no_clash():
    both = {**OPENED, "title": "Drones over Poland"}
    result = merge(OPENED, both, both)
    assert (result.taken, result.kept, result.clashes) == ([], [], [])


def test_without_the_opened_copy_every_difference_is_a_clash():
    theirs = {**OPENED, "body": "Their body."}
    mine = {**OPENED, "summary": "My summary."}
    assert merge(None, mine, theirs).clashes == ["summary", "body"]


def test_a_field_that_did_not_validate_counts_as_changed_by_the_editor():
    theirs = {**OPENED, "title": "Their title"}
    mine = {"summary": OPENED["summary"], "body": OPENED["body"]}  # title had an error
    assert merge(OPENED, mine, theirs).clashes == ["title"]


def test_text_another_editor_added_is_named_when_a_save_would_drop_it():
    theirs = {**OPENED, "body": "First paragraph.\n\nTheir new paragraph."}
    mine = {**OPENED, "body": "First paragraph, reworded."}
    added = others_added(OPENED, mine, theirs)
    assert added == {"body": ["Their new paragraph."]}
    assert removed(added, mine) == ["Their new paragraph."]
    assert removed(added, {"body": "Mine.\n  Their new paragraph.  \n"}) == []


def test_a_confirmation_is_for_exactly_the_text_it_named():
    assert textdiff.token(["a"]) == textdiff.token(["a"]) != textdiff.token(["a", "b"])
    assert textdiff.summarise(["x" * 400]).endswith("…")


def test_values_compare_alike_from_a_saved_row_and_a_submitted_form():
    saved = dt.datetime(2026, 1, 1, 10, 0, 0, 123456, tzinfo=dt.UTC)
    typed = dt.datetime(2026, 1, 1, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=0)))
    assert plain(saved) == plain(typed)
    assert plain("one\r\ntwo\r\n") == plain("one\ntwo")
    assert plain(["PL", "EE"]) == plain(("EE", "PL"))
    assert plain(Decimal("50.110000")) == plain(Decimal("50.11")) == "50.11"
    assert plain(None) == plain("")


# -- Every versioned form ----------------------------------------------------------------


class _Form(HTMLParser):
    """What a browser would send for the page's main form, as it stands."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.textarea = self.select = None
        self.options: list[tuple[str, bool]] = []

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or a.get("id") == self.form_id
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.add(a["name"], a.get("value", "on"))
            else:
                self.add(a["name"], a.get("value") or "")
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            self.add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select:
            for value, _ in filter(lambda o: o[1], self.options):
                self.add(self.select, value)
            self.select, self.options = None, []


def form_on(page: str, form_id: str | None = None) -> dict:
    parser = _Form(form_id)
    parser.feed(page)
    return {k: v if len(v) > 1 else v[0] for k, v in parser.data.items()}


def open_form(client: Client, url: str, form_id: str | None = None) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_on(response.content.decode(), form_id)


def errors_on(response) -> str:
    """The refusals a page shows, for a failing assertion to say why it was not saved."""
    page = response.content.decode()
    return " | ".join(re.findall(r'class="(?:errornote|errorlist)[^"]*"[^>]*>(.*?)</', page, re.S))


def saved(response) -> bool:
    assert response.status_code == 302, errors_on(response)
    return True


@pytest.fixture
def two_editors(db) -> tuple[Client, Client]:
    return staff_client("Editors", "anna")[1], staff_client("Editors", "ben")[1]


@pytest.mark.django_db
def test_an_incident_saved_from_an_old_page_keeps_both_editors_changes(two_editors):
    anna, ben = two_editors
    incident = make_draft(account="Drones were seen over the airport.")
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    annas_page, bens_page = (
        open_form(anna, url, "incident_form"),
        open_form(ben, url, "incident_form"),
    )
    added = "Flights were held for two hours."
    ben_saves = {**bens_page, "account": bens_page["account"] + "\n\n" + added, "reason": "More."}
    assert saved(ben.post(url, ben_saves))

    refused = anna.post(url, {**annas_page, "title": "Drones over Rzeszów", "reason": "Place."})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this" in page and "Their changes are now in the form" in page
    again = form_on(page, "incident_form")
    assert added in again["account"] and again["title"] == "Drones over Rzeszów"
    assert saved(anna.post(url, again))
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.title == "Drones over Rzeszów" and added in incident.account


@pytest.mark.django_db
def test_an_indicator_saved_from_an_old_page_keeps_both_editors_changes(two_editors):
    anna, ben = two_editors
    (indicator,) = make_indicators(1)
    url = f"/admin/status/indicator/{indicator.pk}/change/"
    annas_page, bens_page = open_form(anna, url), open_form(ben, url)
    assert saved(ben.post(url, {**bens_page, "note": "Note 0\n\nBen's new line."}))

    refused = anna.post(url, {**annas_page, "state_label": "Not yet"})
    assert refused.status_code == 200
    again = form_on(refused.content.decode())
    assert "Ben's new line." in again["note"] and again["state_label"] == "Not yet"
    assert saved(anna.post(url, again))
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert (indicator.state_label, "Ben's new line." in indicator.note) == ("Not yet", True)


@pytest.mark.django_db
def test_an_indicator_note_both_changed_is_saved_only_as_the_editor_chooses(two_editors):
    anna, ben = two_editors
    (indicator,) = make_indicators(1)
    url = f"/admin/status/indicator/{indicator.pk}/change/"
    annas_page, bens_page = open_form(anna, url), open_form(ben, url)
    assert saved(ben.post(url, {**bens_page, "note": "Ben's note."}))
    refused = anna.post(url, {**annas_page, "note": "Anna's note."})
    page = refused.content.decode()
    assert "you both changed it" in page and "Ben&#x27;s note." in page
    again = form_on(page)

    unchosen = anna.post(url, again)
    assert unchosen.status_code == 200
    assert "choose above the form whether to keep yours" in unchosen.content.decode()
    assert saved(anna.post(url, {**again, "resolve_note": "theirs"}))
    assert Indicator.objects.get(pk=indicator.pk).note == "Ben's note."


@pytest.mark.django_db
def test_a_verdict_change_from_an_old_page_keeps_both_editors_changes(two_editors, settings):
    settings.VERDICT_FOUR_EYES = False
    anna, ben = two_editors
    # The form starts from the verdict's sources: a reason needs one readers can open.
    Source.objects.create(claim=make_verdict(), url="https://www.nato.int/", title="NATO")
    nato()
    url = "/admin/status/verdict/add/"
    annas_page, bens_page = open_form(anna, url), open_form(ben, url)
    ben_saves = {**bens_page, "headline": "Talks under Article 4.", "reason": "Requested."}
    assert saved(ben.post(url, ben_saves))

    anna_saves = {**annas_page, "summary": "Allies are consulting.", "reason": "Clearer."}
    refused = anna.post(url, anna_saves)
    page = refused.content.decode()
    assert "Their changes are now in the form: Headline." in page, errors_on(refused)
    assert saved(anna.post(url, form_on(page)))
    newest = Verdict.objects.current()
    assert (newest.headline, newest.summary) == ("Talks under Article 4.", "Allies are consulting.")


@pytest.mark.django_db
def test_the_editing_page_can_ask_for_the_version_someone_else_saved(two_editors):
    anna, ben = two_editors
    incident = make_draft()
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    page = anna.get(url).content.decode()
    assert f'data-version-url="/admin/incidents/incident/{incident.pk}/version/"' in page
    bens_page = open_form(ben, url, "incident_form")
    assert saved(ben.post(url, {**bens_page, "title": "Drones over Poland", "reason": "Place."}))
    answer = anna.get(f"/admin/incidents/incident/{incident.pk}/version/")
    assert answer.json() == {"version": incident.version + 1}
    assert "no-store" in answer["Cache-Control"]
    assert Client().get(f"/admin/incidents/incident/{incident.pk}/version/").status_code == 302

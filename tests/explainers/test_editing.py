"""Editing an explainer without surprises: a preview of the unsaved text, a list of what
the sanitiser will drop before it is dropped, and a restore that asks first and why."""

import re

import pytest
from django.test import Client

from audit.models import Action, AuditEntry
from explainers import services
from explainers.models import Explainer, Question
from tests.core.test_concurrency import form_on, open_form, saved
from tests.explainers.test_pages import make_explainer
from tests.factories import make_user, staff_client

pytestmark = pytest.mark.django_db


def change_form(explainer: Explainer, **changes) -> dict:
    return {
        "title": explainer.title,
        "slug": explainer.slug,
        "summary": explainer.summary,
        "body": explainer.body,
        "state": "published",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "10:00:00",
        "order": "0",
        "expected_version": str(explainer.version),
        **changes,
    }


def test_the_preview_shows_the_unsaved_text_and_saves_nothing(editor_client):
    explainer = make_explainer()
    page = editor_client.get(f"/admin/explainers/explainer/{explainer.pk}/change/").content.decode()
    assert 'formaction="/admin/explainers/explainer/preview/"' in page
    preview = editor_client.post(
        "/admin/explainers/explainer/preview/",
        change_form(explainer, body="## Not yet saved\n\nA new paragraph, typed just now."),
    )
    text = preview.content.decode()
    assert "Preview of your unsaved text: nothing is saved" in text
    assert "A new paragraph, typed just now." in text and 'id="sec-not-yet-saved"' in text
    explainer.refresh_from_db()
    assert "typed just now" not in explainer.body


def test_saving_lists_what_the_sanitiser_drops_and_saves_only_when_told(editor_client):
    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    risky = "# A top heading\n\n![map](https://example.org/map.png)\n\nText stays."
    refused = editor_client.post(url, change_form(explainer, body=risky))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "top-level headings (# ...): use ## instead" in page and "images" in page
    assert 'name="accept_dropped"' in page
    explainer.refresh_from_db()
    assert explainer.body != risky
    saved = editor_client.post(url, change_form(explainer, body=risky, accept_dropped="on"))
    assert saved.status_code == 302
    explainer.refresh_from_db()
    assert explainer.body == risky and "<img" not in explainer.body_html


def test_the_preview_lists_what_would_be_dropped(editor_client):
    explainer = make_explainer()
    preview = editor_client.post(
        "/admin/explainers/explainer/preview/",
        change_form(explainer, body="<iframe src='https://x.example'></iframe>\n\nHi."),
    )
    assert "embedded frames" in preview.content.decode()


def test_an_faq_answer_warns_of_drops_too(editor_client):
    response = editor_client.post(
        "/admin/explainers/question/add/",
        {
            "question": "Q?",
            "slug": "q",
            "answer": "<script>alert(1)</script> An answer.",
            "group": "The basics",
            "group_order": "0",
            "order": "0",
        },
    )
    assert response.status_code == 200 and "scripts" in response.content.decode()
    assert not Question.objects.exists()


def test_restoring_asks_for_confirmation_and_a_reason(editor_client):
    explainer = make_explainer(body="Allies consult.")
    services.save_explainer(user=None, explainer=explainer, body="Allies decide together.")
    url = f"/admin/explainers/explainer/{explainer.pk}/revisions/1/restore/"
    revisions = editor_client.get(f"/admin/explainers/explainer/{explainer.pk}/revisions/")
    assert f'href="{url}"' in revisions.content.decode()
    ask = editor_client.get(url).content.decode()
    assert "-Allies decide together." in ask and "+Allies consult." in ask
    assert 'name="reason"' in ask
    assert editor_client.post(url, {"reason": ""}).status_code == 200
    explainer.refresh_from_db()
    assert explainer.body == "Allies decide together."
    done = editor_client.post(url, {"reason": "The second wording overstated it."})
    assert done.status_code == 302
    explainer.refresh_from_db()
    assert explainer.body == "Allies consult."
    entry = AuditEntry.objects.filter(action=Action.RESTORED).get()
    assert entry.note == "The second wording overstated it."


def test_a_person_restoring_through_the_service_must_say_why():
    from django.core.exceptions import ValidationError

    explainer = make_explainer()
    user = make_user("root", superuser=True)
    with pytest.raises(ValidationError):
        services.restore_revision(user=user, revision=explainer.revisions.get(), reason=" ")


def test_an_faq_group_is_picked_from_the_existing_ones(editor_client):
    services.save_question(
        user=None, question="What is NATO?", slug="nato", answer="An alliance.", group="The basics"
    )
    form = editor_client.get("/admin/explainers/question/add/").content.decode()
    assert 'list="id_group-options"' in form
    assert '<datalist id="id_group-options"><option value="The basics"></datalist>' in form
    editor_client.post(
        "/admin/explainers/question/add/",
        {
            "question": "What is Article 4?",
            "slug": "article-4",
            "answer": "Consultations.",
            "group": " the  BASICS ",
            "group_order": "0",
            "order": "1",
        },
    )
    assert Question.objects.get(slug="article-4").group == "The basics"


def test_accepting_dropped_markup_holds_while_the_text_is_unchanged(editor_client):
    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    risky = "# A top heading\n\nText stays."
    assert (
        editor_client.post(url, change_form(explainer, body=risky, accept_dropped="on")).status_code
        == 302
    )
    explainer.refresh_from_db()
    # A later save that only moves the schedule is not asked again...
    rescheduled = editor_client.post(url, change_form(explainer, publish_at_1="11:00:00"))
    assert rescheduled.status_code == 302, rescheduled.content.decode()[:2000]
    explainer.refresh_from_db()
    assert explainer.publish_at.hour == 11 and explainer.body == risky  # January: UTC
    # ...but a change to the text asks again, about the text as it now stands.
    edited = editor_client.post(url, change_form(explainer, body=risky + "\n\nMore text."))
    assert edited.status_code == 200 and 'name="accept_dropped"' in edited.content.decode()


# Two editors on one page: nothing either typed is lost without a ticked box naming it.

NEW_PARAGRAPH = "Ben's new paragraph on the Baltic incidents."


@pytest.fixture
def two_editors(db) -> tuple[Client, Client]:
    return staff_client("Editors", "anna")[1], staff_client("Editors", "ben")[1]


def _explainer_page(client: Client, explainer: Explainer) -> tuple[str, dict]:
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    return url, open_form(client, url, "explainer_form")


def test_a_summary_saved_from_an_old_page_keeps_the_paragraph_added_meanwhile(two_editors):
    anna, ben = two_editors
    explainer = make_explainer()
    url, annas_page = _explainer_page(anna, explainer)
    _, bens_page = _explainer_page(ben, explainer)
    assert saved(ben.post(url, {**bens_page, "body": bens_page["body"] + "\n\n" + NEW_PARAGRAPH}))

    refused = anna.post(url, {**annas_page, "summary": "Anna's new summary."})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Their changes are now in the form: Body." in page
    assert "Your changes are kept: Summary." in page
    assert saved(anna.post(url, form_on(page, "explainer_form")))  # one more click on Save
    explainer.refresh_from_db()
    assert explainer.summary == "Anna's new summary." and NEW_PARAGRAPH in explainer.body


def test_keeping_my_body_over_a_newer_paragraph_needs_a_box_naming_it(two_editors):
    anna, ben = two_editors
    explainer = make_explainer()
    url, annas_page = _explainer_page(anna, explainer)
    _, bens_page = _explainer_page(ben, explainer)
    assert saved(ben.post(url, {**bens_page, "body": bens_page["body"] + "\n\n" + NEW_PARAGRAPH}))
    refused = anna.post(url, {**annas_page, "body": "## What it says\n\nAnna's rewrite."})
    page = refused.content.decode()
    assert "Body: you both changed it" in page and "Anna&#x27;s rewrite." in page
    again = form_on(page, "explainer_form")

    unconfirmed = anna.post(url, {**again, "resolve_body": "mine"})
    assert unconfirmed.status_code == 200
    page = unconfirmed.content.decode()
    assert "Save without the text someone else added: “Ben&#x27;s new paragraph" in page
    explainer.refresh_from_db()
    assert NEW_PARAGRAPH in explainer.body
    assert saved(
        anna.post(url, form_on(page, "explainer_form") | {"confirm_removal": _token(page)})
    )
    explainer.refresh_from_db()
    assert explainer.body.endswith("Anna's rewrite.") and NEW_PARAGRAPH not in explainer.body


def test_taking_theirs_for_a_clash_saves_their_text(two_editors):
    anna, ben = two_editors
    explainer = make_explainer()
    url, annas_page = _explainer_page(anna, explainer)
    _, bens_page = _explainer_page(ben, explainer)
    assert saved(ben.post(url, {**bens_page, "title": "Article 5, plainly"}))
    page = anna.post(url, {**annas_page, "title": "Article 5 in short"}).content.decode()
    assert saved(anna.post(url, form_on(page, "explainer_form") | {"resolve_title": "theirs"}))
    explainer.refresh_from_db()
    assert explainer.title == "Article 5, plainly"


def _token(page: str) -> str:
    return re.search(r'name="confirm_removal" value="(\w+)"', page).group(1)


# A live page rescheduled into the future goes offline: asked first, never found out later.


def test_rescheduling_a_live_page_into_the_future_asks_first_and_says_it_goes_offline(
    editor_client,
):
    from datetime import timedelta

    from django.utils import timezone

    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    asked = editor_client.post(url, change_form(explainer, publish_at_0=tomorrow))
    page = asked.content.decode()
    assert asked.status_code == 200 and "goes offline until" in page and "not found" in page
    explainer.refresh_from_db()
    assert explainer.status() == "live"
    confirmed = editor_client.post(
        url, change_form(explainer, publish_at_0=tomorrow, confirm_offline="on")
    )
    assert confirmed.status_code == 302
    explainer.refresh_from_db()
    assert explainer.status() == "scheduled"


def test_a_page_announced_once_is_not_announced_again_unless_an_editor_says_so():
    from datetime import timedelta

    from django.utils import timezone

    explainer = make_explainer()  # live at once: its save was its announcement
    assert services.publish_due() == 0
    back_later = {"publish_at": timezone.now() + timedelta(hours=1)}
    explainer = services.save_explainer(
        user=None, explainer=explainer, expected_version=explainer.version, **back_later
    )
    later = timezone.now() + timedelta(hours=2)
    assert services.publish_due(now=later) == 0  # live again, but not news again
    explainer = services.save_explainer(
        user=None,
        explainer=explainer,
        expected_version=explainer.version,
        announce_again=True,
        publish_at=timezone.now() + timedelta(hours=1),
    )
    assert services.publish_due(now=later) == 1
    published = AuditEntry.objects.filter(action=Action.PUBLISHED)
    assert [e.summary for e in published] == ["New explainer published: Article 5 explained"]


def test_an_edit_marked_not_newsworthy_is_on_the_changelog_but_told_to_no_reader(editor_client):
    from subscriptions.models import Announcement

    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    form = change_form(
        explainer,
        summary="A tidier summary.",  # its publish time stays in the past: still live
        audit_public="on",
        audit_not_news="on",
    )
    assert editor_client.post(url, form).status_code == 302
    entry = AuditEntry.objects.filter(action=Action.CHANGED).latest("id")
    assert entry.public  # notable: on the changelog
    assert not Announcement.objects.filter(entry_id=entry.pk).exists()  # but not news

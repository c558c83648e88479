"""Editors' admin tools: one-click check, verdict form that insists on a reason."""

from datetime import date

import pytest

from audit.models import AuditEntry
from status import services
from status.models import Check, Verdict
from tests.factories import make_user
from tests.status.factories import make_indicators, make_verdict, posted_sources

pytestmark = pytest.mark.django_db


def publish_a_newer_verdict() -> Verdict:
    """Another editor changes the verdict while this one has the page open."""
    return services.change_verdict(
        user=None,
        state="state_of_war",
        answer="Yes",
        headline="War.",
        summary="War.",
        reason="Article 5 invoked.",
    )


def test_record_a_check_in_one_click_from_the_status_admin(editor_client):
    verdict = make_verdict()
    page = editor_client.get("/admin/status/check/")
    assert "Record a check" in page.content.decode()
    assert f'name="seen_verdict" value="{verdict.pk}"' in page.content.decode()
    response = editor_client.post(
        "/admin/status/check/record/",
        {
            "note": "All quiet.",
            "consulted": "NATO: https://www.nato.int/",
            "seen_verdict": verdict.pk,
        },
    )
    assert response.status_code == 302
    check = Check.objects.get()
    assert check.note == "All quiet."
    assert AuditEntry.objects.get(action="checked").public is True


def test_a_check_starts_from_the_cited_sources_and_must_list_what_was_looked_at(
    editor_client,
):
    verdict = make_verdict()
    (indicator,) = make_indicators(1)  # cites NATO
    page = editor_client.get("/admin/status/check/").content.decode()
    assert "NATO: https://www.nato.int/</textarea>" in page

    refused = editor_client.post(
        "/admin/status/check/record/",
        {"note": "All quiet.", "consulted": " ", "seen_verdict": verdict.pk},
    )

    assert refused.status_code == 200
    assert "List what you looked at, one source a line" in refused.content.decode()
    assert "All quiet." in refused.content.decode()  # what the editor typed is kept
    assert not Check.objects.exists()


def test_the_verdict_form_shows_the_current_verdict_and_refuses_a_missing_reason(editor_client):
    current = make_verdict(answer="No", headline="Current headline.")
    page = editor_client.get("/admin/status/verdict/add/").content.decode()
    assert "Current headline." in page
    assert f'name="seen_verdict" value="{current.pk}"' in page
    response = editor_client.post(
        "/admin/status/verdict/add/",
        {
            "state": "state_of_war",
            "answer": "Yes",
            "headline": "War.",
            "summary": "War.",
            "reason": "",
            "seen_verdict": current.pk,
        },
    )
    assert response.status_code == 200
    assert "needs a reason" in response.content.decode()
    assert Verdict.objects.count() == 1
    response = editor_client.post(
        "/admin/status/verdict/add/",
        {
            "state": "article4_consultations",
            "answer": "No",
            "headline": "Consultations.",
            "summary": "Talks.",
            "reason": "Article 4 requested.",
            "seen_verdict": current.pk,
            **posted_sources(),
        },
    )
    assert response.status_code == 302
    assert Verdict.objects.current().headline == "Consultations."


def test_a_check_on_a_verdict_the_editor_did_not_see_is_refused(editor_client):
    seen = make_verdict(answer="No")
    publish_a_newer_verdict()
    response = editor_client.post(
        "/admin/status/check/record/",
        {
            "note": "All quiet.",
            "consulted": "nato.int",
            "seen_verdict": seen.pk,
            "next": "/admin/status/check/",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The verdict changed after you opened the page: it is now &quot;Yes&quot;" in page
    assert not Check.objects.filter(note="All quiet.").exists()


def test_a_refused_check_keeps_what_the_editor_typed_and_rests_on_the_new_verdict(
    editor_client,
):
    seen = make_verdict(answer="No")
    newer = publish_a_newer_verdict()
    typed = {
        "note": "All quiet on the eastern flank.",
        "consulted": "nato.int, Reuters",
        "next": "/admin/status/check/?o=1",
    }
    refused = editor_client.post("/admin/status/check/record/", {**typed, "seen_verdict": seen.pk})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "The verdict changed after you opened the page" in page
    assert "All quiet on the eastern flank." in page and "nato.int, Reuters" in page
    assert f'name="seen_verdict" value="{newer.pk}"' in page
    assert 'name="next" value="/admin/status/check/?o=1"' in page
    assert not Check.objects.filter(note=typed["note"]).exists()
    # Sent again from the page it was refused on, it is a check of the new verdict.
    again = editor_client.post("/admin/status/check/record/", {**typed, "seen_verdict": newer.pk})
    assert (again.status_code, again["Location"]) == (302, "/admin/status/check/?o=1")
    assert Check.objects.get(note=typed["note"]).verdict == newer


def test_a_double_submitted_verdict_change_publishes_once_and_says_why(editor_client):
    current = make_verdict(answer="No")
    change = {
        "state": "article4_consultations",
        "answer": "No",
        "headline": "Consultations.",
        "summary": "Talks.",
        "reason": "Article 4 requested.",
        "seen_verdict": current.pk,
        **posted_sources(),
    }
    assert editor_client.post("/admin/status/verdict/add/", change).status_code == 302
    again = editor_client.post("/admin/status/verdict/add/", change)
    assert again.status_code == 200
    page = again.content.decode()
    assert "The verdict changed after you opened the form" in page and "Nothing was saved" in page
    assert Verdict.objects.count() == 2
    # The form now rests on the verdict it shows: sending it again is a deliberate choice.
    newest = Verdict.objects.current()
    assert f'name="seen_verdict" value="{newest.pk}"' in page
    assert "Article 4 requested." in page  # the editor's text is kept


def test_a_verdict_based_on_an_old_one_does_not_overwrite_the_newer_one(editor_client):
    seen = make_verdict(answer="No", headline="Old.")
    publish_a_newer_verdict()
    response = editor_client.post(
        "/admin/status/verdict/add/",
        {
            "state": "no_war",
            "answer": "No",
            "headline": "Wording fix.",
            "summary": "s",
            "reason": "Typo.",
            "seen_verdict": seen.pk,
        },
    )
    assert response.status_code == 200
    assert Verdict.objects.current().answer == "Yes"


def test_the_verdict_list_offers_to_change_the_verdict_not_to_add_one(editor_client, settings):
    make_verdict()
    page = editor_client.get("/admin/status/verdict/").content.decode()
    assert "Change the verdict" in page and "Add verdict" not in page
    settings.VERDICT_FOUR_EYES = True
    page = editor_client.get("/admin/status/verdict/").content.decode()
    assert "Propose a verdict change" in page and "Add verdict" not in page


def test_verdicts_and_checks_cannot_be_edited_or_deleted_in_the_admin(editor_client):
    verdict = make_verdict()
    assert editor_client.post(f"/admin/status/verdict/{verdict.pk}/delete/").status_code == 403
    editor_client.post(f"/admin/status/verdict/{verdict.pk}/change/", {"answer": "Yes"})
    verdict.refresh_from_db()
    assert verdict.answer == "No"


def test_two_tabs_editing_one_indicator_lose_nothing(editor_client):
    (indicator,) = make_indicators(1)
    url = f"/admin/status/indicator/{indicator.pk}/change/"
    form = {
        "state": "watch",
        "state_label": "Ongoing",
        "note": "Tab one.",
        "sources": "[]",
        "expected_version": "1",
        "audit_public": "on",
    }
    assert editor_client.post(url, form).status_code == 302
    second = editor_client.post(url, {**form, "note": "Tab two, from the old copy."})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Saved by someone else meanwhile" in page and "Tab one." in page
    assert "Tab two, from the old copy." in page  # the editor's text is kept in the form
    indicator.refresh_from_db()
    assert indicator.note == "Tab one."


def test_someone_without_status_permissions_cannot_record_a_check(client):
    make_verdict()
    user = make_user("mod", password="a-long-password-1")
    client.force_login(user)
    response = client.post("/admin/status/check/record/", {"note": "x"})
    assert response.status_code == 403
    assert not Check.objects.exists()


def test_a_made_up_indicator_address_is_a_404_not_an_error(editor_client):
    assert editor_client.get("/admin/status/indicator/abc/change/").status_code == 404
    assert editor_client.get("/admin/status/indicator/999/change/").status_code == 404


def test_a_source_without_a_title_is_refused_with_a_message(editor_client):
    from status.models import Indicator

    indicator = make_indicators(1)[0]
    response = editor_client.post(
        f"/admin/status/indicator/{indicator.pk}/change/",
        {
            "state": "watch",
            "state_label": "Ongoing",
            "note": "Talks continue.",
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "1",
            "sources-0-url": "https://www.nato.int/",
            "sources-0-title": " ",
            "expected_version": indicator.version,
            "audit_public": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check the sources below" in page and "This field is required." in page
    assert Indicator.objects.get(pk=indicator.pk).note == indicator.note


def test_the_indicator_admin_warns_when_the_chip_and_the_record_disagree(editor_client):
    from incidents.models import Category
    from tests.incidents.factories import make_incident

    [indicator] = make_indicators(1)
    indicator.state, indicator.state_label = "watch", "Yes, ongoing"
    indicator.incident_query = "category=drone_incursion&nato=1"
    indicator.save()
    make_incident(category=Category.DRONE_INCURSION, started_on=date(2024, 9, 7))
    page = editor_client.get(f"/admin/status/indicator/{indicator.pk}/change/").text
    assert "The chip says “Yes, ongoing”, but the incidents record has no published" in page
    indicator.state_label = "Yes, in September 2024"
    indicator.save()
    page = editor_client.get(f"/admin/status/indicator/{indicator.pk}/change/").text
    assert "The chip says" not in page

"""Editors' admin tools: one-click check, verdict form that insists on a reason."""

import pytest
from django.contrib.auth.models import Permission, User

from status.models import Check, Verdict
from tests.status.factories import make_indicators, make_verdict
from warstatus.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="status"))
    client.force_login(user)
    return client


def test_record_a_check_in_one_click_from_the_status_admin(editor_client):
    make_verdict()
    page = editor_client.get("/admin/status/check/")
    assert "Record a check" in page.content.decode()
    response = editor_client.post("/admin/status/check/record/", {"note": "All quiet."})
    assert response.status_code == 302
    check = Check.objects.get()
    assert check.note == "All quiet."
    assert AuditEntry.objects.get(action="checked").public is True


def test_the_verdict_form_shows_the_current_verdict_and_refuses_a_missing_reason(editor_client):
    make_verdict(answer="No", headline="Current headline.")
    page = editor_client.get("/admin/status/verdict/add/").content.decode()
    assert "Current headline." in page
    response = editor_client.post(
        "/admin/status/verdict/add/",
        {"state": "state_of_war", "answer": "Yes", "headline": "War.", "summary": "War.",
         "reason": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "needs a reason" in response.content.decode()
    assert Verdict.objects.count() == 1
    response = editor_client.post(
        "/admin/status/verdict/add/",
        {"state": "article4_consultations", "answer": "No", "headline": "Consultations.",
         "summary": "Talks.", "reason": "Article 4 requested."},
    )  # fmt: skip
    assert response.status_code == 302
    assert Verdict.objects.current().headline == "Consultations."


def test_verdicts_and_checks_cannot_be_edited_or_deleted_in_the_admin(editor_client):
    verdict = make_verdict()
    assert editor_client.post(f"/admin/status/verdict/{verdict.pk}/delete/").status_code == 403
    editor_client.post(f"/admin/status/verdict/{verdict.pk}/change/", {"answer": "Yes"})
    verdict.refresh_from_db()
    assert verdict.answer == "No"


def test_two_tabs_editing_one_indicator_lose_nothing(editor_client):
    (indicator,) = make_indicators(1)
    url = f"/admin/status/indicator/{indicator.pk}/change/"
    form = {"state": "watch", "state_label": "Ongoing", "note": "Tab one.", "sources": "[]",
            "version": "1", "public": "on"}  # fmt: skip
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
    user = User.objects.create_user("mod", password="a-long-password-1", is_staff=True)
    client.force_login(user)
    response = client.post("/admin/status/check/record/", {"note": "x"})
    assert response.status_code == 403
    assert not Check.objects.exists()

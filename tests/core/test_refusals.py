"""A refusal is one sentence in the admin's look: what was refused and which role may
do it. Actions a user may not take are not offered in the first place."""

import pytest
from django.test import Client

from news.models import Candidate, Feed
from tests.factories import staff_client

pytestmark = pytest.mark.django_db


def staff(role: str, name: str) -> Client:
    return staff_client(role, name)[1]


def test_an_editor_adding_a_feed_reads_which_role_can(client):
    editor = staff("Editors", "ed")
    response = editor.get("/admin/news/feed/add/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot add feeds. Moderators can" in page
    assert "warstatus newsroom" in page  # the admin's look, not a bare status line


def test_a_service_refusal_names_the_role_that_holds_the_permission():
    moderator = staff("Moderators", "mo")
    response = moderator.post("/admin/status/check/record/", {"note": "x"})
    assert response.status_code == 403
    assert "Editors can" in response.content.decode()


def test_what_no_role_may_do_is_said_to_be_for_superusers():
    page = staff("Moderators", "mo").get("/admin/auth/user/").content.decode()
    assert "You cannot see the list of users. Only a superuser can." in page


def test_editors_read_the_headline_queue_without_review_links():
    feed = Feed.objects.create(url="https://example.org/rss")
    Candidate.objects.create(
        feed=feed,
        guid="g",
        url="https://example.org/a",
        canonical_url="https://example.org/a",
        title="NATO jets scrambled",
        score=9,
    )
    page = staff("Editors", "ed").get("/admin/news/candidate/?queue=all").content.decode()
    assert "NATO jets scrambled" in page and "Approve with context" not in page
    page = staff("Moderators", "mo").get("/admin/news/candidate/?queue=all").content.decode()
    assert "Approve with context" in page


def test_a_moderator_is_not_offered_a_status_check():
    page = staff("Moderators", "mo").get("/admin/status/check/")
    assert page.status_code == 403  # moderators do not read checks at all
    page = staff("Editors", "ed").get("/admin/status/check/").content.decode()
    assert "Record a check" in page


@pytest.mark.parametrize(
    ("four_eyes", "button"),
    [(True, "propose a verdict change"), (False, "change the verdict")],
)
def test_a_refused_verdict_change_is_worded_as_its_button_not_as_adding_verdicts(
    settings, four_eyes, button
):
    settings.VERDICT_FOUR_EYES = four_eyes
    response = staff("Moderators", "mo").get("/admin/status/verdict/add/")
    assert response.status_code == 403
    page = response.content.decode()
    assert f"You cannot {button}. Editors can" in page
    assert "add verdicts" not in page

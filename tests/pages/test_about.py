"""The about and method page: who stands behind the site, set by the operator."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from pages import services
from pages.models import Correction, Publisher
from status import services as status_services
from tests.factories import EDITORS, make_user, signed_in

pytestmark = pytest.mark.django_db


def structured_data(page: str) -> list[dict]:
    return [json.loads(s) for s in re.findall(r'application/ld\+json">(.*?)</script>', page, re.S)]


def test_a_fresh_site_says_nobody_has_named_its_publisher_and_invents_nothing(client):
    page = client.get("/about/").content.decode()

    assert "has not yet named its publisher" in page
    assert "No editor has chosen to be named yet." in page
    assert "No corrections have been made yet." in page
    assert not [d for d in structured_data(page) if d["@type"] == "NewsMediaOrganization"]


def test_the_operator_states_the_publisher_in_the_admin_and_readers_see_it(client):
    operator = signed_in(make_user("operator", superuser=True))
    response = operator.post(
        "/admin/pages/publisher/add/",
        {
            "name": "Example Media Trust",
            "url": "https://trust.example/",
            "contact_email": "desk@trust.example",
            "address": "",
            "ownership_funding": "Owned by the trust; funded by **readers' donations**.",
            "publishing_principles": "We link primary sources first.",
            "corrections_policy": "We correct errors within a day.",
        },
    )
    assert response.status_code == 302
    assert operator.get("/admin/pages/publisher/").url.endswith("/1/change/")

    page = client.get("/about/").content.decode()
    assert "Example Media Trust" in page
    assert (
        "<strong>readers&#x27; donations</strong>" in page or "<strong>readers' donations" in page
    )
    organisation = next(d for d in structured_data(page) if d["@type"] == "NewsMediaOrganization")
    assert organisation["name"] == "Example Media Trust"
    assert organisation["email"] == "desk@trust.example"
    for field in ("publishingPrinciples", "correctionsPolicy", "ownershipFundingInfo"):
        assert organisation[field].startswith("http") and "/about/#" in organisation[field]
    assert AuditEntry.objects.filter(summary__startswith="Publisher's details stated").exists()


def test_no_editorial_role_may_change_whom_the_site_says_it_belongs_to(client):
    editor = make_user(role=EDITORS)
    with pytest.raises(PermissionDenied):
        services.save_publisher(user=editor, name="Someone else")
    assert signed_in(editor).get("/admin/pages/publisher/add/").status_code == 403
    assert not Publisher.objects.exists()


def test_hostile_markup_in_the_publishers_statements_never_reaches_readers(client):
    services.save_publisher(
        user=None,
        name="Trust",
        ownership_funding='<script>alert(1)</script><img src=x onerror="alert(2)">Funded by readers.',
    )
    page = client.get("/about/").content.decode()
    assert "Funded by readers." in page
    assert "alert(" not in page


def test_only_staff_who_chose_to_be_named_appear(client):
    ada, bo = make_user("ada", role=EDITORS), make_user("bo", role=EDITORS)
    services.save_profile(
        user=ada,
        profile_of=ada,
        display_name="Ada Lovelace",
        role_title="Chief editor",
        named_publicly=True,
    )
    services.save_profile(user=bo, profile_of=bo, display_name="Bo Hidden", named_publicly=False)

    page = client.get("/about/").content.decode()
    assert "Ada Lovelace" in page and "Chief editor" in page
    assert "Bo Hidden" not in page


def test_a_staff_member_writes_only_their_own_profile():
    ada, bo = make_user("ada", role=EDITORS), make_user("bo", role=EDITORS)
    theirs = services.save_profile(user=bo, profile_of=bo, display_name="Bo")

    with pytest.raises(PermissionDenied):
        services.save_profile(user=ada, profile_of=bo, display_name="Not Bo")
    admin = signed_in(ada)
    assert admin.get(f"/admin/pages/staffprofile/{theirs.pk}/change/").status_code == 302
    response = admin.post(
        "/admin/pages/staffprofile/add/",
        {"display_name": "Ada", "role_title": "Editor", "bio": "", "named_publicly": "on"},
    )
    assert response.status_code == 302
    assert ada.public_profile.display_name == "Ada"


def test_a_correction_is_listed_on_the_about_page_and_the_changelog(client):
    editor = make_user(role=EDITORS)
    services.record_correction(
        user=editor,
        page="/faq/",
        wrong="The second Article 4 request followed drones over Poland.",
        corrected="Estonia asked after three Russian MiG-31s entered its airspace.",
    )

    about = client.get("/about/").content.decode()
    assert "It said: The second Article 4 request followed drones over Poland." in about
    assert 'href="/faq/"' in about
    assert "Correction to /faq/" in client.get("/changelog/").content.decode()


@pytest.mark.parametrize(
    "page", ["//evil.example/", "/\\evil.example", "https://evil.example/", "faq", "/fa q/"]
)
def test_a_correction_pointing_off_the_site_is_a_form_error_not_a_link(page):
    editor = signed_in(make_user(role=EDITORS))
    response = editor.post(
        "/admin/pages/correction/add/",
        {"page": page, "wrong": "It said x.", "corrected": "It says y."},
    )
    assert response.status_code == 200
    assert "starting with /" in response.content.decode()
    assert not Correction.objects.exists()
    with pytest.raises(ValidationError):
        services.record_correction(user=None, page=page, wrong="x", corrected="y")


def test_the_about_page_lists_what_the_newest_check_consulted(client):
    editor = make_user(role=EDITORS)
    status_services.record_check(
        user=editor, consulted="NATO press releases\nPolish government statements"
    )

    page = client.get("/about/").content.decode()
    assert "<li>NATO press releases</li>" in page
    assert "<li>Polish government statements</li>" in page


@pytest.mark.parametrize("count", [1, 20])
def test_the_about_page_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    for n in range(count):
        person = make_user(f"p{n}", role=EDITORS)
        services.save_profile(
            user=person, profile_of=person, display_name=f"P {n}", named_publicly=True
        )
        services.record_correction(user=None, page="/", wrong=f"w{n}", corrected=f"c{n}")
    with django_assert_max_num_queries(8):
        assert client.get("/about/").status_code == 200

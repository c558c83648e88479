"""The admin records every staff change, and nobody can edit the record."""

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import path

from audit.admin_mixins import AuditedAdminMixin
from audit.models import Action, AuditEntry
from tests.factories import make_user
from warstatus import urls as site_urls

site = django_admin.AdminSite(name="audit_test_admin")


@django_admin.register(Group, site=site)
class AuditedGroupAdmin(AuditedAdminMixin, django_admin.ModelAdmin):
    fields = ("name",)


# The site's own patterns after them: the refusal page links the site's pages by name.
urlpatterns = [
    path("test-admin/", site.urls),
    path("admin/", django_admin.site.urls),
    *site_urls.urlpatterns,
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def staff(client):
    user = make_user("ed")
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__endswith="_group")
    )
    client.force_login(user)
    return user


def test_the_mixin_records_add_change_and_delete_with_the_actor(client, staff):
    client.post("/test-admin/auth/group/add/", {"name": "Fact checkers"})
    group = Group.objects.get(name="Fact checkers")
    client.post(
        f"/test-admin/auth/group/{group.pk}/change/",
        {"name": "Fact-checkers", "audit_public": "on", "audit_note": "Renamed."},
    )
    client.post(f"/test-admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    added, changed, deleted = AuditEntry.objects.exclude(action=Action.LOGIN).order_by("id")
    assert (added.action, changed.action, deleted.action) == (
        Action.CREATED,
        Action.CHANGED,
        Action.DELETED,
    )
    assert {added.actor, changed.actor, deleted.actor} == {staff}
    assert changed.changes == {"name": ["Fact checkers", "Fact-checkers"]}
    assert changed.public and changed.note == "Renamed."
    assert not added.public


def test_bulk_delete_records_one_entry_per_object(client, staff):
    groups = [Group.objects.create(name=f"G{n}") for n in range(3)]
    client.post(
        "/test-admin/auth/group/",
        {"action": "delete_selected", "post": "yes", "_selected_action": [g.pk for g in groups]},
    )
    assert not Group.objects.filter(name__in=["G0", "G1", "G2"]).exists()
    deleted = AuditEntry.objects.filter(action=Action.DELETED)
    assert sorted(deleted.values_list("object_repr", flat=True)) == ["G0", "G1", "G2"]


def test_an_objects_history_link_lands_on_its_entries(client, staff):
    client.post("/test-admin/auth/group/add/", {"name": "Editors-2"})
    group = Group.objects.get(name="Editors-2")
    response = client.get(f"/test-admin/auth/group/{group.pk}/history/")
    assert response.status_code == 200  # its own entries, for someone who may view it
    assert "Editors-2" in response.content.decode()

    client.force_login(make_user("root", superuser=True))
    response = client.get(f"/test-admin/auth/group/{group.pk}/history/")
    assert response.status_code == 302  # audit readers land in the filterable log
    assert f"object_id={group.pk}" in response["Location"]


def test_editors_and_moderators_read_an_objects_history_without_the_audit_log(client):

    from audit import services as audit
    from news.models import Outlet
    from status.models import Indicator
    from tests.status.factories import make_indicators

    indicator = make_indicators(1)[0]
    audit.record(
        actor=None,
        action=Action.CHANGED,
        obj=indicator,
        summary="Indicator updated: Indicator 0 — Ongoing.",
        changes={"state_label": ["No", "Ongoing"]},
    )
    outlet = Outlet.objects.create(name="Reuters", domain="reuters.com")
    for name, group, url, status in (
        ("ed", "Editors", f"/admin/status/indicator/{indicator.pk}/history/", 200),
        ("mo", "Moderators", f"/admin/news/outlet/{outlet.pk}/history/", 200),
        ("mo2", "Moderators", f"/admin/status/indicator/{indicator.pk}/history/", 403),
    ):
        client.force_login(make_user(name, role=group))
        response = client.get(url)
        assert response.status_code == status, (name, url)
    client.force_login(User.objects.get(username="ed"))
    page = client.get(f"/admin/status/indicator/{indicator.pk}/history/").content.decode()
    assert "Indicator updated: Indicator 0 — Ongoing." in page and "Ongoing" in page
    assert Indicator.objects.count() == 1


def test_failed_sign_ins_by_account_name_are_shown_to_superusers_only(client):
    from audit.apps import AUDIT_READERS

    make_user("ed")
    client.post("/admin/login/", {"username": "ed", "password": "wrong"}, REMOTE_ADDR="81.2.69.142")
    reader = make_user("reader", role=AUDIT_READERS)
    client.force_login(reader)
    assert client.get("/admin/audit/signinfailuretally/").status_code == 403
    client.force_login(make_user("boss", superuser=True))
    page = client.get("/admin/audit/signinfailuretally/").content.decode()
    assert "81.2.69.142" in page and ">ed<" in page

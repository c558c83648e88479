"""The admin records every staff change, and nobody can edit the record."""

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import path

from warstatus.audit.admin_mixins import AuditedAdminMixin
from warstatus.audit.models import Action, AuditEntry

site = django_admin.AdminSite(name="audit_test_admin")


@django_admin.register(Group, site=site)
class AuditedGroupAdmin(AuditedAdminMixin, django_admin.ModelAdmin):
    fields = ("name",)


urlpatterns = [path("test-admin/", site.urls), path("admin/", django_admin.site.urls)]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def staff(client):
    user = User.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="auth",
                                                         codename__endswith="_group"))  # fmt: skip
    client.force_login(user)
    return user


def test_the_mixin_records_add_change_and_delete_with_the_actor(client, staff):
    client.post("/test-admin/auth/group/add/", {"name": "Fact checkers"})
    group = Group.objects.get(name="Fact checkers")
    client.post(f"/test-admin/auth/group/{group.pk}/change/",
                {"name": "Fact-checkers", "audit_public": "on", "audit_note": "Renamed."})  # fmt: skip
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
    client.post("/test-admin/auth/group/", {"action": "delete_selected", "post": "yes",
                                             "_selected_action": [g.pk for g in groups]})  # fmt: skip
    assert not Group.objects.filter(name__in=["G0", "G1", "G2"]).exists()
    deleted = AuditEntry.objects.filter(action=Action.DELETED)
    assert sorted(deleted.values_list("object_repr", flat=True)) == ["G0", "G1", "G2"]


def test_an_objects_history_link_lands_on_its_entries(client, staff):
    client.post("/test-admin/auth/group/add/", {"name": "Editors-2"})
    group = Group.objects.get(name="Editors-2")
    response = client.get(f"/test-admin/auth/group/{group.pk}/history/")
    assert response.status_code == 302
    assert f"object_id={group.pk}" in response["Location"]

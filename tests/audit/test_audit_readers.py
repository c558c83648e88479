"""The chief editor reads the audit log: who did what to which object, and why, on one
line, in UK time."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from audit import services as audit
from audit.models import Action
from news.models import Outlet
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_an_audit_reader_reads_actor_action_object_and_reason_on_one_line(client):
    moderator = make_user("mo", password="a-long-password-1")
    outlet = Outlet.objects.create(name="Reuters", domain="reuters.com")
    audit.record(
        actor=moderator,
        action=Action.REJECTED,
        obj=outlet,
        summary="Outlet rejected",
        note="Paywalled.",
    )
    chief = make_user("chief", password="a-long-password-1")
    chief.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Audit readers"))
    client.force_login(chief)
    page = client.get("/admin/audit/auditentry/").content.decode()
    assert "<strong>mo</strong> · rejected · outlet “Reuters” · Outlet rejected" in page
    assert "why: Paywalled." in page
    assert " GMT" in page or " BST" in page


def test_create_staff_knows_every_role_and_makes_a_chief_editor():
    call_command("create_staff", "chief@example.org", role=["editor", "audit-reader"])
    user = User.objects.get(email="chief@example.org")
    assert sorted(user.groups.values_list("name", flat=True)) == ["Audit readers", "Editors"]
    assert user.has_perm("audit.view_auditentry") and user.has_perm("status.add_check")

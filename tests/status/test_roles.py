"""Staff accounts come from create_staff with a one-time link; roles have exact permissions."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from core.roles import ROLES, sync_roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_every_role_exists_after_migrating_with_its_permissions():
    for role, permissions in ROLES.items():
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.all()
        }
        assert held == permissions, role


def test_sync_roles_sets_exactly_the_listed_permissions():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name="Editors")

    group.permissions.add(Permission.objects.get(codename="delete_user"))
    sync_roles()
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held <= ROLES["Editors"]
    assert "auth.delete_user" not in held
    assert not any(name.startswith(("auth.", "audit.")) for name in held)


def test_create_staff_prints_a_one_time_link_that_sets_the_password(client):
    out = StringIO()
    call_command("create_staff", "ed@example.org", role=["editor"], stdout=out)
    user = User.objects.get(email="ed@example.org")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    link = re.search(r"https?://\S+/admin/password-set/\S+", out.getvalue()).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "correct horse battery 42", "new_password2": "correct horse battery 42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("correct horse battery 42")
    # Used once: the same link no longer works.
    assert "invalid" in client.get("/" + path, follow=True).content.decode().lower()


def _staff(client, role: str):
    user = make_user(role.lower(), role=role)
    client.force_login(user)
    return user


def test_a_moderator_cannot_touch_the_verdict_checks_or_explainers(client):
    from django.core.exceptions import PermissionDenied

    from status import services
    from status.models import Check, State, Verdict

    moderator = _staff(client, "Moderators")
    assert client.post("/admin/status/check/record/", {"note": "x"}).status_code == 403
    response = client.post(
        "/admin/status/verdict/add/",
        {"state": "state_of_war", "answer": "Yes", "headline": "h", "summary": "s", "reason": "r"},
    )
    assert response.status_code == 403
    assert client.get("/admin/explainers/explainer/add/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_check(user=moderator)
    with pytest.raises(PermissionDenied):
        services.change_verdict(
            user=moderator, state=State.NO_WAR, answer="No", headline="h", summary="s", reason="r"
        )
    assert not Check.objects.exists() and not Verdict.objects.exists()


def test_an_editor_cannot_publish_links_or_act_on_headlines(client):
    from django.core.exceptions import PermissionDenied

    from news import services
    from news.models import CuratedLink, LinkState

    editor = _staff(client, "Editors")
    link = services.submit_link(user=editor, url="https://example.org/a", title="A", context="Why.")
    client.post("/admin/news/curatedlink/", {"action": "approve", "_selected_action": [link.pk]})
    assert CuratedLink.objects.get().state == LinkState.PENDING
    with pytest.raises(PermissionDenied):
        services.publish_link(moderator=editor, link=link)
    queue = client.get("/admin/news/candidate/", follow=True)
    assert queue.status_code == 200  # editors read the headlines they are emailed about
    assert 'name="action"' not in queue.content.decode()  # but act on none of them
    assert "Claim" not in queue.content.decode()


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_neither_role_can_manage_users_groups_or_the_audit_log(client, role):
    _staff(client, role)
    for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/admin/audit/auditentry/").status_code == 403
    assert client.post("/admin/auth/user/add/", {"username": "x"}).status_code == 403
    assert not User.objects.filter(username="x").exists()

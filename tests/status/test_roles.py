"""Staff accounts come from create_staff with a one-time link; roles have exact permissions."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from warstatus.roles import ROLES, sync_roles

pytestmark = pytest.mark.django_db


def test_sync_roles_sets_exactly_the_listed_permissions():
    group = Group.objects.create(name="Editors")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="delete_user"))
    sync_roles()
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held <= ROLES["Editors"]
    assert "auth.delete_user" not in held
    assert not any(name.startswith(("auth.", "audit.")) for name in held)


def test_create_staff_prints_a_one_time_link_that_sets_the_password(client):
    out = StringIO()
    call_command("create_staff", "ed@example.org", role="editor", stdout=out)
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

"""create_staff as typed on a command line: the README's order, the other order, mistakes."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*argv: str) -> str:
    """The words after `manage.py create_staff`, parsed by the command's own parser."""
    out = StringIO()
    call_command("create_staff", *argv, stdout=out)
    return out.getvalue()


def groups(email: str) -> set[str]:
    return set(User.objects.get(email=email).groups.values_list("name", flat=True))


def test_the_readme_order_roles_then_address_makes_an_editor():
    printed = run("--role", "editor", "you@example.org")
    assert groups("you@example.org") == {"Editors"}
    assert "Created editor you@example.org." in printed
    assert "/password-set/" in printed


def test_the_address_may_come_first():
    run("mod@example.org", "--role", "moderator")
    assert groups("mod@example.org") == {"Moderators"}


def test_a_chief_editor_takes_two_roles_before_the_address():
    run("--role", "editor", "audit-reader", "chief@example.org")
    assert groups("chief@example.org") == {"Editors", "Audit readers"}


def test_an_unknown_role_is_refused_naming_it_and_the_roles_there_are():
    with pytest.raises(CommandError, match=r"'editr' is not a role; the roles are editor, "):
        run("--role", "editr", "you@example.org")
    assert not User.objects.filter(email="you@example.org").exists()


def test_a_missing_address_or_role_is_refused_with_a_sentence():
    with pytest.raises(CommandError, match="email address"):
        run("--role", "editor")
    with pytest.raises(CommandError, match="at least one role"):
        run("--role", "you@example.org")
    with pytest.raises(CommandError, match="not an email address"):
        run("--role", "editor", "audit-reader", "--role", "nobody")

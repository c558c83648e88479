"""The people tests need, made one way: staff by role, superusers, signed-in clients.

Content objects come from each app's own factories (tests/status/factories.py,
tests/news/factories.py); users come from here.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.test import Client

PASSWORD = "correct horse 42 battery"
EDITORS, MODERATORS = "Editors", "Moderators"


def make_user(
    username: str = "ed",
    *,
    role: str | None = None,
    superuser: bool = False,
    staff: bool = True,
    password: str = PASSWORD,
) -> User:
    """A staff account (in `role`'s group if given), or a superuser."""
    email = f"{username}@example.org"
    if superuser:
        return User.objects.create_superuser(username, email, password)
    user = User.objects.create_user(username, email, password, is_staff=staff)
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(user: User, client: Client | None = None) -> Client:
    """`client` (or a new one) signed in as `user`."""
    client = client or Client()
    client.force_login(user)
    return client


def staff_client(role: str, username: str) -> tuple[User, Client]:
    """A new staff member of `role` (a group name) and a client signed in as them."""
    user = make_user(username, role=role)
    return user, signed_in(user)

"""Staff accounts for tests: a member of a role, signed in."""

from django.contrib.auth.models import Group, User
from django.test import Client


def staff_client(role: str, username: str) -> tuple[User, Client]:
    """A new staff member of `role` (a group name) and a client signed in as them."""
    user = User.objects.create_user(
        username, f"{username}@example.org", "a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return user, client

"""Fixtures shared by the status tests."""

import pytest
from django.contrib.auth.models import Group, User

from status import services
from status.models import State


@pytest.fixture
def editors(settings) -> list[User]:
    """Four eyes on, a first verdict published, and two editors: alice and bob."""
    settings.VERDICT_FOUR_EYES = True
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="First.", summary="s", reason=""
    )
    group = Group.objects.get(name="Editors")
    made = []
    for name in ("alice", "bob"):
        user = User.objects.create_user(
            name, f"{name}@example.org", "a-long-password-1", is_staff=True
        )
        user.groups.add(group)
        made.append(User.objects.get(pk=user.pk))
    return made

"""Fixtures shared by the status tests."""

import pytest
from django.contrib.auth.models import User

from status import services
from status.models import State
from tests.factories import EDITORS, make_user


@pytest.fixture
def editors(settings) -> list[User]:
    """Four eyes on, a first verdict published, and two editors: alice and bob."""
    settings.VERDICT_FOUR_EYES = True
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="First.", summary="s", reason=""
    )
    return [make_user(name, role=EDITORS) for name in ("alice", "bob")]

"""Staff sign-in: audited, and protected against guessing without locking editors out for good."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from warstatus.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse 42 battery"


@pytest.fixture
def editor():
    return User.objects.create_user("ed", "ed@example.org", PASSWORD, is_staff=True)


def attempt(password: str, address: str = "203.0.113.7", username: str = "ed"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/?next=/admin/",
                           {"username": username, "password": password})  # fmt: skip
    return client, response


def test_sign_ins_failures_and_sign_outs_are_audited_with_the_address(editor):
    attempt("wrong")
    client, response = attempt(PASSWORD)
    assert response.status_code == 302
    client.post("/admin/logout/")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "ip_address", "public"))
    assert actions == [
        (Action.LOGIN_FAILED, "203.0.113.7", False),
        (Action.LOGIN, "203.0.113.7", False),
        (Action.LOGOUT, "203.0.113.7", False),
    ]


def test_repeated_failures_lock_the_pair_out_and_the_cool_off_releases_it(editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong")
    _, locked = attempt(PASSWORD)
    assert locked.status_code == 429, "the right password is refused while locked out"
    # A stranger's guesses from elsewhere do not lock the editor out at their own address.
    _, other_place = attempt(PASSWORD, address="198.51.100.9")
    assert other_place.status_code == 302
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                 - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))  # fmt: skip
    _, released = attempt(PASSWORD)
    assert released.status_code == 302

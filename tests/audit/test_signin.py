"""Staff sign-in: audited, and protected against guessing without locking editors out for good."""

from datetime import timedelta

import pytest
from django.test import Client

from audit.models import Action, AuditEntry, SignInFailureTally
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def attempt(password: str, address: str = "81.2.69.142", username: str = "ed"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return client, response


def test_sign_ins_and_sign_outs_are_audited_with_the_address_and_failures_counted(editor):
    attempt("wrong")
    client, response = attempt(PASSWORD)
    assert response.status_code == 302
    client.post("/admin/logout/")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "ip_address", "public"))
    assert actions == [
        (Action.LOGIN, "81.2.69.142", False),
        (Action.LOGOUT, "81.2.69.142", False),
    ]
    tally = SignInFailureTally.objects.get()
    assert (tally.username, tally.address, tally.failures) == ("ed", "81.2.69.142", 1)


def test_repeated_failures_lock_the_pair_out_and_the_cool_off_releases_it(editor, settings):
    assert attempt(PASSWORD, address="198.51.100.9")[1].status_code == 302  # their office
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong")
    _, locked = attempt(PASSWORD)
    assert locked.status_code == 429, "the right password is refused while locked out"
    # A stranger's guesses from elsewhere do not lock the editor out at their own address.
    _, other_place = attempt(PASSWORD, address="198.51.100.9")
    assert other_place.status_code == 302
    from axes.models import AccessAttempt
    from django.core.cache import cache

    cache.delete("signin-locked:81.2.69.142")  # its early lock lasts the same cool-off
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    _, released = attempt(PASSWORD)
    assert released.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "9.9.9.9", "10.0.0.2"),  # no proxy: the header is the client's own words
        (1, "81.2.69.142", "81.2.69.142"),
        (1, "9.9.9.9, 81.2.69.142", "81.2.69.142"),  # a forged entry before the real one
        (2, "9.9.9.9, 81.2.69.142, 10.0.0.9", "81.2.69.142"),
        (1, "", "10.0.0.2"),  # came round the proxy
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_address_is_the_one_our_proxies_saw_never_one_the_client_wrote(
    client, settings, proxies, forwarded, address
):
    from django.test import RequestFactory

    from audit.signin import client_address

    settings.PROXY_COUNT = proxies
    request = RequestFactory(REMOTE_ADDR="10.0.0.2").get("/", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address
    make_user("ed")
    client.post(
        "/admin/login/",
        {"username": "ed", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert SignInFailureTally.objects.get(username="ed").address == address


def test_one_address_trying_many_usernames_is_locked_out_whatever_the_name(editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", username=f"guess{n}")
    _, locked = attempt(PASSWORD)
    assert locked.status_code == 429, "the address is locked for every username"
    _, elsewhere = attempt(PASSWORD, address="198.51.100.9")
    assert elsewhere.status_code == 302


def test_guessing_one_password_from_many_addresses_hits_a_ceiling(editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", address=f"203.0.113.{n + 1}")
    _, from_a_new_place = attempt(PASSWORD, address="198.51.100.77")
    assert from_a_new_place.status_code == 429


def test_strangers_guesses_do_not_lock_an_editor_out_of_a_place_they_signed_in_from(
    editor, settings
):
    _, usual = attempt(PASSWORD, address="81.2.69.142")
    assert usual.status_code == 302
    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        attempt("wrong", address=f"203.0.113.{n + 1}")
    _, again = attempt(PASSWORD, address="81.2.69.142")
    assert again.status_code == 302, "the usual address still signs in"
    _, new_place = attempt(PASSWORD, address="198.51.100.77")
    assert new_place.status_code == 429, "an address never used before is refused"


def test_a_locked_out_request_is_refused_without_hashing_a_password(editor, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", username=f"guess{n}")
    hashed = []
    real_verify = PBKDF2PasswordHasher.verify
    real_encode = PBKDF2PasswordHasher.encode

    def counting_verify(self, password, encoded):
        hashed.append(1)
        return real_verify(self, password, encoded)

    def counting_encode(self, password, salt, iterations=None):
        hashed.append(1)
        return real_encode(self, password, salt, iterations)

    PBKDF2PasswordHasher.verify = counting_verify
    PBKDF2PasswordHasher.encode = counting_encode
    try:
        for n in range(10):
            _, response = attempt("wrong", username=f"more{n}")
            assert response.status_code == 429
    finally:
        PBKDF2PasswordHasher.verify = real_verify
        PBKDF2PasswordHasher.encode = real_encode
    assert hashed == []


def test_failures_with_names_no_account_has_are_counted_not_written_to_the_chain(settings):
    for n in range(30):
        attempt("wrong", username=f"<script>alert({n})</script>" + "x" * 120)
    assert not AuditEntry.objects.filter(action=Action.LOGIN_FAILED).exists()
    (tally,) = SignInFailureTally.objects.all()
    # Past the limit the address is refused before the sign-in runs: nothing more to count.
    assert (tally.address, tally.failures) == ("81.2.69.142", settings.AXES_FAILURE_LIMIT)


def test_a_failure_for_a_real_account_is_counted_with_its_name_not_chained(editor):
    attempt("wrong")
    attempt("wrong")
    assert not AuditEntry.objects.exists()
    tally = SignInFailureTally.objects.get()
    assert (tally.username, tally.address, tally.failures) == ("ed", "81.2.69.142", 2)


def test_failed_sign_ins_look_the_same_in_public_whatever_the_name(signer, client):
    """The pen test told staff names from others by the public head: anonymously, one
    failed sign-in per name, watching the checkpoint and the chain. Three real names
    and three made up must now give the same public observations."""
    for name in ("ed", "alice", "root-admin"):
        make_user(name)
    signer.sign()

    def public_view() -> tuple:
        signer.sign()  # the signer's next run, as if a minute had passed
        checkpoint = client.get("/api/audit/checkpoint.json").json()
        chain = client.get("/api/audit/chain.json").json()["entries"]
        return checkpoint["head"], [entry["id"] for entry in chain]

    observations = {}
    for n, name in enumerate(["ed", "nobody", "alice", "admin", "root-admin", "staff"]):
        before = public_view()
        attempt("wrong", username=name, address=f"203.0.113.{n + 1}")
        observations[name] = public_view() == before
    assert observations == dict.fromkeys(observations, True)


def test_a_locked_out_address_is_refused_before_sessions_csrf_or_any_query(
    editor, settings, django_assert_num_queries
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", username=f"guess{n}")
    client = Client(REMOTE_ADDR="81.2.69.142", enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = client.post("/admin/login/", {"username": "ed", "password": PASSWORD})
    assert response.status_code == 429
    _, elsewhere = attempt(PASSWORD, address="198.51.100.9")
    assert elsewhere.status_code == 302, "other addresses are not affected"


def test_the_failure_tally_counts_an_ipv6_client_by_its_64(editor):
    attempt("wrong", address="2001:db8:1:2::1")
    attempt("wrong", address="2001:db8:1:2:ffff::9")
    tally = SignInFailureTally.objects.get()
    assert (tally.address, tally.failures) == ("2001:db8:1:2::", 2)

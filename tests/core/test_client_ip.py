"""Limits count clients by network: an IPv6 client is its /64, not one of 2**64 addresses."""

import pytest
from django.test import Client

from core.client_ip import network_of
from tests.factories import PASSWORD, make_user


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("81.2.69.142", "81.2.69.142"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:81.2.69.142", "81.2.69.142"),
        (None, None),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64_and_an_ipv4_one_by_its_address(address, network):
    assert network_of(address) == network


def _sign_in(address: str, password: str, username: str = "ed"):
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("many", [False, True])
def test_a_sign_in_flood_from_one_64_is_locked_after_the_same_count_as_one_ipv4_address(
    settings, many
):
    make_user("ed")
    make_user("bo")
    addresses = [f"2001:db8:1:2::{n:x}" for n in range(1, 40)] if many else ["81.2.69.142"] * 40
    codes = [_sign_in(address, "wrong").status_code for address in addresses[:20]]

    first_refusal = codes.index(429)
    # The same count for one IPv4 address and for a /64 of many addresses: the failure
    # that reaches the limit is itself answered with the lock-out.
    assert first_refusal == settings.AXES_FAILURE_LIMIT - 1, codes
    assert set(codes[first_refusal:]) == {429}
    # Another person from that network is refused too while the lock lasts; from a
    # neighbouring /64 (another household) they are not.
    assert _sign_in(addresses[25], PASSWORD, username="bo").status_code == 429
    assert _sign_in("2001:db8:1:3::1", PASSWORD, username="bo").status_code == 302

"""Subscribe requests are limited per client network: an IPv6 /64 counts as one client."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["2001:db8:1:2::", "81.2.69."])
def test_one_64_gets_the_same_number_of_subscribe_requests_as_one_ipv4_address(settings, prefix):
    settings.SUBSCRIBE_LIMIT_PER_CLIENT = 10
    ipv6 = prefix.endswith("::")
    codes = []
    for n in range(1, 31):
        address = f"{prefix}{n:x}" if ipv6 else "81.2.69.142"
        response = Client(REMOTE_ADDR=address).post(
            "/subscribe/",
            {"email": f"reader{n}@example.org", "what": "verdict"},
            HTTP_ORIGIN=settings.SITE_URL,
        )
        codes.append(response.status_code)

    assert codes[:10] == [200] * 10
    assert codes[10:] == [429] * 20

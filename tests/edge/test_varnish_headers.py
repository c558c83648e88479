"""What Varnish itself says to a reader: no software named, the site's safety headers,
whole pages, and no made-up cookie that gets a visitor past the cache."""

from __future__ import annotations

import httpx
import pytest

from tests.status.factories import make_verdict

pytestmark = pytest.mark.django_db(transaction=True)

SAFETY_HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy")


def test_no_answer_names_the_cache_software(cache):
    make_verdict()
    for response in (cache.get("/"), cache.get("/"), cache.get("/healthz")):
        assert "X-Varnish" not in response.headers
        assert "Via" not in response.headers and "Server" not in response.headers


@pytest.mark.parametrize("ranges", ["bytes=9-2", "bytes=0-1,5-6", "lines=1-2", "bytes=x"])
def test_a_bad_or_multi_part_range_gets_the_whole_page_not_a_bare_error(cache, ranges):
    make_verdict()
    whole = cache.get("/api/status.json").content
    for cookie in ("", "sessionid=not-a-session"):  # from the cache, and passed through
        response = cache.get("/api/status.json", **{"Range": ranges, "Cookie": cookie})
        assert response.status_code == 200
        assert response.content == whole


def test_what_varnish_answers_itself_carries_the_sites_safety_headers(cache):
    too_big = httpx.post(f"{cache.url}/subscribe/", content=b"x" * (1048576 + 1), timeout=10)
    refused_purge = httpx.request("PURGE", f"{cache.url}/", timeout=10)

    for response in (too_big, refused_purge):
        assert response.status_code in (403, 413)
        assert "X-Varnish" not in response.headers
        for header in SAFETY_HEADERS:
            assert header in response.headers, header


def test_a_cookie_the_site_never_sets_does_not_send_a_reader_past_the_cache(cache):
    make_verdict()
    cache.get("/badge.svg")
    made_up = cache.get("/badge.svg", Cookie="x=1; _ga=GA1.2")
    assert made_up.headers["X-Cache"] == "HIT"
    session = cache.get("/badge.svg", Cookie="x=1; sessionid=abc")
    assert session.headers["X-Cache"] == "PASS"

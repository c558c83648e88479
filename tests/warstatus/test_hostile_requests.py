"""No anonymous request makes a public page answer 5xx, whatever its query, path or headers."""

from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/status/history/",
    "/news/",
    "/explainers/",
    "/explainers/article-5/",
    "/faq/",
    "/changelog/",
    "/feeds/updates.xml",
    "/feeds/news.xml",
    "/api/status.json",
    "/badge.svg",
    "/sitemap.xml",
    "/robots.txt",
    "/subscribe/",
]

# Names some view reads (Django's sitemap reads p), or any text.
NAMES = st.sampled_from(["page", "outlet", "p"]) | st.text(max_size=10)
# Values that broke parsers or queries before ("²", a NUL) and their kin, or any text.
VALUES = st.sampled_from(
    ["²", "①", "\x00", "bbc.co.uk\x00", "0", "-1", "10001", "1e3", "007", " 2"]
) | st.text(max_size=40)
# The query as sent: well-formed pairs, or raw bytes with & = % where they fall.
QUERIES = st.lists(st.tuples(NAMES, VALUES), min_size=1, max_size=4).map(urlencode) | st.binary(
    max_size=60
).map(lambda raw: quote_from_bytes(raw, safe="&=%+"))
# What may follow the address: nothing, or bytes of any kind, escaped.
SUFFIXES = st.just("") | st.binary(max_size=30).map(lambda raw: quote_from_bytes(raw, safe="/"))

# Headers the site or Django reads, with values as a WSGI server passes them (latin-1,
# never a line break, which ends a header).
HEADER_TEXT = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=60)
SESSION_COOKIES = HEADER_TEXT.map(lambda value: f"sessionid={value}")
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_IF_NONE_MATCH": HEADER_TEXT | st.just("*"),
        "HTTP_IF_MODIFIED_SINCE": HEADER_TEXT | st.just("Thu, 01 Jan 2037 00:00:00 GMT"),
        "HTTP_IF_MATCH": HEADER_TEXT,
        "HTTP_IF_UNMODIFIED_SINCE": HEADER_TEXT,
        "HTTP_COOKIE": HEADER_TEXT | SESSION_COOKIES,
        "HTTP_ACCEPT": HEADER_TEXT,
        "HTTP_ACCEPT_ENCODING": HEADER_TEXT,
        "HTTP_ACCEPT_LANGUAGE": HEADER_TEXT,
        "HTTP_X_FORWARDED_FOR": HEADER_TEXT,
        "HTTP_X_FORWARDED_PROTO": HEADER_TEXT,
        "HTTP_ORIGIN": HEADER_TEXT,
        "HTTP_REFERER": HEADER_TEXT,
        "HTTP_USER_AGENT": HEADER_TEXT,
        "HTTP_RANGE": HEADER_TEXT,
        "HTTP_X_BENCH_RENDER": HEADER_TEXT,
    },
)

# Modest: fourteen addresses, each with its own run. No example database: nothing is
# written into the checkout.
HOSTILE = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def launched():
    call_command("load_launch_content", verbosity=0)


@pytest.fixture
def anonymous() -> Client:
    """One client for all of a test's examples (building its middleware takes a while);
    exceptions come back as 500 responses, so the assertion names the failing request."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("address", PUBLIC)
@HOSTILE
# What the security review found, tried on every address whatever else is drawn.
@example(method="GET", suffix="", query="page=%C2%B2", headers={})
@example(method="GET", suffix="", query="page=%E2%91%A0", headers={})
@example(method="GET", suffix="", query="outlet=%00", headers={})
@example(method="HEAD", suffix="", query="page=x&outlet=bbc.co.uk%00", headers={})
@given(
    method=st.sampled_from(["GET", "HEAD"]),
    suffix=SUFFIXES,
    query=QUERIES,
    headers=HEADERS,
)
def test_no_query_path_or_header_makes_a_public_page_fail(
    launched, anonymous, address, method, suffix, query, headers
):
    anonymous.cookies.clear()  # each example stands alone
    response = anonymous.generic(method, address + suffix, QUERY_STRING=query, **headers)
    assert response.status_code < 500, (method, address + suffix, query, headers)

"""Fetching and parsing feeds against a real HTTP server on loopback; no database.

What the request itself must refuse (addresses, redirects, time, size, decoding)
is tested with the client, in tests/core/test_safe_http.py.
"""

import gzip
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from news.fetching import FetchError, fetch_feed, parse_feed, parse_retry_after
from tests.conftest import CORPORA
from tests.news.feeds import nato_items, rss


@pytest.fixture
def allow_loopback(settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEEDS_TIMEOUT = 2


def url(httpserver, path="/feed") -> str:
    return httpserver.url_for(path).replace("localhost", "127.0.0.1")


def test_conditional_get_sends_the_validators_back_unchanged(httpserver, allow_loopback):
    etag, modified = 'W/"abc-123"', "Sun, 22 Nov 2026 10:00:00 GMT"
    httpserver.expect_ordered_request("/feed").respond_with_data(
        rss(nato_items(2)), headers={"ETag": etag, "Last-Modified": modified}
    )
    httpserver.expect_ordered_request(
        "/feed", headers={"If-None-Match": etag, "If-Modified-Since": modified}
    ).respond_with_data("", status=304)
    first = fetch_feed(url(httpserver))
    assert (first.etag, first.last_modified) == (etag, modified)
    second = fetch_feed(url(httpserver), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    httpserver.check_assertions()


def test_a_permanent_redirect_is_reported_and_a_temporary_one_is_not(httpserver, allow_loopback):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/moved").respond_with_data(
        "", status=302, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(rss(nato_items(1)))
    assert fetch_feed(url(httpserver, "/old")).permanent_redirect == url(httpserver, "/new")
    assert fetch_feed(url(httpserver, "/moved")).permanent_redirect is None


def test_a_feed_at_a_non_public_address_is_refused_when_the_setting_is_off(settings):
    # Every address class, and redirects, are tested with the client in tests/core.
    settings.FEEDS_ALLOW_PRIVATE = False
    with pytest.raises(FetchError, match="non-public"):
        fetch_feed("http://169.254.169.254/latest/meta-data/")


def test_retry_after_is_read_in_both_forms(httpserver, allow_loopback):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == now + timedelta(seconds=120)
    assert parse_retry_after("Sun, 22 Nov 2026 13:00:00 GMT", now=now) == now + timedelta(hours=1)
    assert parse_retry_after("soon", now=now) is None
    httpserver.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "600"}
    )
    with pytest.raises(FetchError) as busy:
        fetch_feed(url(httpserver, "/busy"))
    assert busy.value.retry_after > datetime.now(UTC) + timedelta(seconds=590)


def test_entries_become_plain_text_with_safe_links():
    parsed = parse_feed(
        rss(
            [
                {
                    "title": "&lt;b&gt;NATO&lt;/b&gt; meets",
                    "link": "https://a.example/1?utm_source=x",
                    "guid": "g1",
                    "summary": "&lt;script&gt;alert(1)&lt;/script&gt;Drones &amp; jets",
                },
                {"title": "Bad link", "link": "javascript:alert(1)", "guid": "g2"},
                {"title": "No link"},
            ]
        )
    )
    assert parsed.skipped == 2
    (entry,) = parsed.entries
    assert entry.title == "NATO meets"
    assert "<" not in entry.summary and "Drones & jets" in entry.summary
    assert "alert" not in entry.summary  # a script's text is dropped with it, not shown
    assert entry.canonical_url == "https://a.example/1"
    assert entry.published_at.tzinfo is not None


def test_an_entry_without_a_guid_falls_back_to_its_link():
    parsed = parse_feed(rss([{"title": "t", "link": "https://a.example/x"}]))
    assert parsed.entries[0].guid == "https://a.example/x"


def test_an_atom_entry_is_dated_by_its_publication_or_else_by_its_update():
    def entry(n: int, dates: str) -> str:
        return f'<entry><title>T{n}</title><link href="https://a.example/{n}"/>{dates}</entry>'

    published = "<published>2026-11-20T08:00:00Z</published>"
    updated = "<updated>2026-11-21T09:30:00Z</updated>"
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f"{entry(1, published + updated)}{entry(2, updated)}{entry(3, '')}</feed>"
    )
    dates = [e.published_at for e in parse_feed(feed.encode()).entries]
    assert dates == [
        datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        None,
    ]


def test_entity_declarations_are_refused_before_parsing():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><rss><channel></channel></rss>'
    )
    with pytest.raises(FetchError, match="DTD or entities"):
        parse_feed(bomb)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


CORPUS_FILES = sorted(p for p in (CORPORA / "feeds").rglob("*") if p.is_file())


def test_the_feed_corpus_is_present():
    assert len(CORPUS_FILES) > 100


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_feed_ends_as_an_error_or_plain_text_entries(path: Path):
    started = time.monotonic()
    try:
        parsed = parse_feed(path.read_bytes())
    except FetchError as exc:
        assert exc.message  # a readable, recorded error
        return
    finally:
        assert time.monotonic() - started < 5, "parsing took too long"
    for entry in parsed.entries:
        for text in (entry.title, entry.summary):
            parser = _Tags()
            parser.feed(text)
            assert parser.tags == [], f"markup survived in {text!r}"
            assert "<" not in text
        assert entry.url.lower().startswith(("http://", "https://"))
        assert len(entry.title) <= 300 and len(entry.summary) <= 1000


def test_a_doctype_quoted_inside_an_entry_does_not_refuse_the_feed():
    feed = (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<!-- served by a CMS -->\n<?xml-stylesheet href="/rss.xsl" type="text/xsl"?>\n'
        b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        b"<channel><title>t</title><link>https://a.example/</link><description>d</description>"
        b"<item><title>NATO summit opens</title><link>https://a.example/1</link><guid>1</guid>"
        b"<content:encoded><![CDATA[<!DOCTYPE html><html><body><p>Leaders met."
        b'<!ENTITY not "a declaration here"></p></body></html>]]></content:encoded>'
        b"</item></channel></rss>"
    )
    (entry,) = parse_feed(feed).entries
    assert entry.title == "NATO summit opens"
    (entry,) = parse_feed(b"\xef\xbb\xbf" + feed).entries  # after a byte-order mark too
    utf16 = feed.replace(b'encoding="utf-8"', b'encoding="utf-16"').decode().encode("utf-16")
    (entry,) = parse_feed(utf16).entries
    assert entry.canonical_url == "https://a.example/1"


@pytest.mark.parametrize(
    "prolog",
    [
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]>',
        b'<?xml version="1.0"?><!-- <rss> --><!DOCTYPE rss [<!ENTITY x "y">]>',
        b'<?xml version="1.0"?><?pi <rss> ?>\n<!doctype rss SYSTEM "file:///etc/passwd">',
        b"\xef\xbb\xbf  <!ENTITY x 'y'>",
        b"junk before the root <!DOCTYPE rss [<!ENTITY x 'y'>]>",
        b'<?xml version="1.0"?><!-- never closed <!DOCTYPE rss [<!ENTITY x "y">]>',
    ],
)
def test_a_dtd_before_the_root_element_is_still_refused(prolog):
    body = prolog + b"<rss><channel><item><title>&x;</title></item></channel></rss>"
    with pytest.raises(FetchError, match="DTD or entities"):
        parse_feed(body)
    with pytest.raises(FetchError, match="DTD or entities"):
        parse_feed(body.decode("latin-1").encode("utf-16"))


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><head><title>Outlet</title></head><body></body></html>",
        b"\xef\xbb\xbf\n  <!-- generated --><!doctype HTML>\n<html lang=en>",
        b'<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html></html>',
        b"<html><body>No doctype at all</body></html>",
        b"<!DOCTYPE html><title>HTML may leave out its html element</title>",
    ],
)
def test_a_web_page_where_a_feed_was_expected_is_named_as_such(page):
    with pytest.raises(FetchError, match="returns a web page, not a feed"):
        parse_feed(page)
    with pytest.raises(FetchError, match="returns a web page, not a feed"):
        parse_feed(page.removeprefix(b"\xef\xbb\xbf").decode("latin-1").encode("utf-16"))


def test_a_feed_that_wrongly_carries_an_html_doctype_is_not_called_a_web_page():
    feed = b'<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">'
    with pytest.raises(FetchError, match="DTD or entities"):
        parse_feed(feed + b"<rss><channel><title>t</title></channel></rss>")


def test_a_web_page_served_as_html_is_reported_as_a_page_not_a_dtd(httpserver, allow_loopback):
    page = b"<!DOCTYPE html>\n<html><head><title>Outlet</title></head><body>News</body></html>"
    httpserver.expect_request("/news").respond_with_data(page, content_type="text/html")
    with pytest.raises(FetchError) as refused:
        parse_feed(fetch_feed(url(httpserver, "/news")).content)
    assert refused.value.message.startswith("This address returns a web page, not a feed")


def test_a_gzipped_feed_is_fetched_and_read(httpserver, allow_loopback):
    feed = rss(nato_items(3))
    httpserver.expect_request("/feed").respond_with_data(
        gzip.compress(feed), headers={"Content-Encoding": "gzip"}
    )
    result = fetch_feed(url(httpserver))
    assert result.content == feed
    assert len(parse_feed(result.content).entries) == 3


def test_a_dtd_hidden_in_utf16_behind_a_comment_is_refused():
    # Once its NULs are dropped, U+2D2D and ">" read as the end of a comment: a check of
    # the prolog alone would stop there and let the entity through (found by fuzzing).
    document = (
        '<?xml version="1.0" encoding="utf-16"?><!-- \u2d2d><x -->'
        '<!DOCTYPE rss [<!ENTITY a "EXPANDED">]><rss version="2.0"><channel><item>'
        "<link>https://e.org/a</link><title>&a;</title></item></channel></rss>"
    ).encode("utf-16-le")
    with pytest.raises(FetchError, match="DTD"):
        parse_feed(document)

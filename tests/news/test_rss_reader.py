"""The fast RSS reader gives what feedparser gives, or declines and leaves it to feedparser."""

import time

import feedparser
import pytest

from news.fetching import _entry, newest, parse_feed
from news.rss_reader import CP1252, read_rss
from tests.conftest import CORPORA
from tests.news.feeds import nato_items, rss

KEYS = ("link", "title", "summary", "id", "published_parsed")
CORPUS_FILES = sorted(p for p in (CORPORA / "feeds").rglob("*") if p.is_file())


def by_feedparser(content: bytes) -> list[dict]:
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    return [{key: entry.get(key) for key in KEYS} for entry in parsed.entries]


def by_reader(content: bytes) -> list[dict] | None:
    entries = read_rss(content)
    return None if entries is None else [{key: e.get(key) for key in KEYS} for e in entries]


def assert_read_as_feedparser_reads(content: bytes) -> None:
    mine = by_reader(content)
    assert mine is not None, "declined"
    assert mine == by_feedparser(content)
    # And so the poll stores the same candidates either way.
    assert [_entry(e) for e in read_rss(content)] == [
        _entry(e)
        for e in feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False).entries
    ]


def document(items: str, *, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{head}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">'
        "<channel><title>T</title><link>https://e.org/</link><description>d</description>"
        f"<image><title>logo</title><url>https://e.org/l.png</url></image>{items}</channel></rss>"
    ).encode()


def item(inner: str) -> str:
    return f"<item>{inner}</item>"


def test_a_plain_feed_is_read_as_feedparser_reads_it():
    assert_read_as_feedparser_reads(rss(nato_items(20)))


@pytest.mark.parametrize(
    "inner",
    [
        # Escaped markup, entities, CDATA, surrounding space.
        "<title> A &amp; B &lt;b&gt;x&lt;/b&gt; </title><link> https://e.org/a </link>"
        "<description><![CDATA[<p>Hi &amp; <b>there</b></p>]]></description>",
        # Text once decoded as Latin-1 (feedparser repairs it) and text that is not.
        "<title>CafÃ© crème</title><link>https://e.org/b</link><description>naïve €</description>",
        "<title>Київ і НАТО</title><link>https://e.org/c?x=1&amp;y=2</link>",
        # GUIDs: a permalink, one marked not to be, one with slashes to fix.
        "<title>t</title><link>https://e.org/d</link><guid>https://e.org/d</guid>",
        '<title>t</title><link>https://e.org/e</link><guid isPermaLink="false">x:1</guid>',
        "<title>t</title><link>http:///e.org/f</link><guid>http:////e.org/f</guid>",
        '<title>t</title><link>https://e.org/g</link><guid isPermaLink="false">http:///g</guid>',
        # Full content, with and without a description; elements a poll ignores.
        "<title>t</title><link>https://e.org/h</link><content:encoded>FULL</content:encoded>",
        "<title>t</title><link>https://e.org/i</link><description>S</description>"
        "<content:encoded>FULL</content:encoded><dc:creator>Me</dc:creator>"
        '<source url="https://s.org/">Src</source><category>c</category><author>a@e.org</author>'
        '<enclosure url="https://e.org/x.mp3" type="audio/mpeg" length="1"/><comments>u</comments>',
        # Windows-1252 characters given by their byte's code; a link escaped twice.
        "<title>it&#146;s</title><link>https://e.org/l</link><description>\u0093q\u0094</description>",
        "<title>t</title><link>https://e.org/?a=1&amp;amp;b=2&amp;c;d</link>",
        # No title, an empty description, a comment inside a field.
        "<link>https://e.org/j</link><description></description>",
        "<title>a<!-- note -->b</title><link>https://e.org/k</link>",
    ],
)
def test_each_field_is_read_as_feedparser_reads_it(inner):
    assert_read_as_feedparser_reads(document(item(inner)))


@pytest.mark.parametrize(
    "date",
    [
        "Sun, 22 Nov 2026 10:05:00 GMT",
        "Sun, 22 Nov 2026 10:05:00 +0100",
        "Sun, 22 Nov 2026 10:05:00 -0000",
        "Mon, 22 Nov 2026 23:59:59 -0930",  # a wrong weekday is ignored by both
        "22 Nov 2026 10:05 EST",
        "1 Jan 2027 00:00:00 UT",
        "Sat, 29 Feb 2028 12:00:00 Z",
        "Thu, 31 Dec 2026 23:30:00 PDT",
    ],
)
def test_dates_are_read_as_feedparser_reads_them(date):
    content = document(
        item(f"<title>t</title><link>https://e.org/a</link><pubDate>{date}</pubDate>")
    )
    assert_read_as_feedparser_reads(content)
    assert isinstance(read_rss(content)[0]["published_parsed"], time.struct_time)


@pytest.mark.parametrize(
    "content",
    [
        # Other formats and versions, other encodings, broken documents.
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
        b'<rss version="0.91"><channel><item><link>https://e.org/a</link></item></channel></rss>',
        document(
            item("<link>https://e.org/a</link>"),
            head='<?xml version="1.0" encoding="windows-1252"?>',
        ),
        b"\xff\xfe" + '<rss version="2.0"></rss>'.encode("utf-16-le"),
        document(item("<link>https://e.org/a</link>"))[:-20],
        # A DTD, however it is written.
        b'<?xml version="1.0"?><!DOCTYPE rss><rss version="2.0"><channel></channel></rss>',
        b'<?xml version="1.0"?><!doctype rss [<!ENTITY a "b">]><rss version="2.0"></rss>',
        # Items feedparser reads differently: fields twice, markup, no link, unknown
        # elements, an unusual date, an xml:base, content before the description.
        document(item("<title>a</title><title>b</title><link>https://e.org/a</link>")),
        document(item("<title>a <b>bold</b></title><link>https://e.org/a</link>")),
        document(item("<title>a</title><guid>https://e.org/a</guid>")),
        document(item("<title>a</title><link>https://e.org/a</link><dc:date>2026-11-22</dc:date>")),
        document(item("<link>https://e.org/a</link><media:description>m</media:description>")),
        document(item("<link>https://e.org/a</link><pubDate>2026-11-22T10:05:00Z</pubDate>")),
        document(item("<link>https://e.org/a</link><pubDate>31 Nov 2026 10:05 GMT</pubDate>")),
        document(item('<link xml:base="https://e.org/">a</link>')),
        # Found by fuzzing against feedparser: a base by any name, attributes that
        # replace or decode a field, isPermaLink not exactly as feedparser compares it,
        # an item's own attributes, far years, items where feedparser finds them too,
        # an encoding named by a later instruction, UTF-16 without a byte-order mark.
        document('<item base="https://b.org/"><link>a/b</link></item>'),
        document(item('<title BASE="https://b.org/">t</title><link>https://e.org/a</link>')),
        document(item('<link href="https://h.org/x">https://e.org/a</link>')),
        document(item('<title type="xhtml">a &amp; b</title><link>https://e.org/a</link>')),
        document(item('<title mode="base64">SGVsbG8=</title><link>https://e.org/a</link>')),
        document(item('<link>https://e.org/a</link><guid isPermaLink="False">http:///x</guid>')),
        document(item('<link>https://e.org/a</link><guid ispermalink="false">http:///x</guid>')),
        document(
            '<item lastmod="Sun, 22 Nov 2026 10:05:00 GMT"><link>https://e.org/a</link></item>'
        ),
        document(
            item("<link>https://e.org/a</link><pubDate>Sun, 22 Nov 0050 10:05:00 GMT</pubDate>")
        ),
        document(item("<link>https://e.org/a</link><pubDate>01 Jan 0001 00:30:00 +0100</pubDate>")),
        document("<Item><link>https://e.org/a</link></Item>"),
        document("<entry><link>https://e.org/a</link></entry>"),
        document("<foo><item><link>https://e.org/a</link></item></foo>"),
        document(
            item("<link>https://e.org/a</link>"),
            head='<?xml version="1.0" encoding="utf-8"?><?x encoding="windows-1252"?>',
        ),
        '<rss version="2.0"><channel><item><link>https://e.org/a</link></item></channel></rss>'.encode(
            "utf-16-le"
        ),
        document(
            item(
                "<link>https://e.org/a</link><content:encoded>C</content:encoded>"
                "<description>D</description>"
            )
        ),
    ],
)
def test_anything_else_is_left_to_feedparser(content):
    assert read_rss(content) is None


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_feed_the_reader_takes_is_read_as_feedparser_reads_it(path):
    content = path.read_bytes()
    if by_reader(content) is not None:
        assert_read_as_feedparser_reads(content)


def test_the_corpora_hold_feeds_the_reader_takes():
    # Else the test above would prove nothing (most of the corpora are Atom).
    taken = [p for p in CORPUS_FILES if read_rss(p.read_bytes()) is not None]
    assert len(taken) >= 3


def test_a_huge_feed_read_fast_keeps_the_newest_entries_as_feedparser_would(settings):
    items = "".join(
        item(
            f"<link>https://e.org/{n}</link><pubDate>Sun, 22 Nov 2026 10:{n % 60:02d}:00 GMT</pubDate>"
        )
        for n in range(300)
    )
    content = document(items)
    assert read_rss(content) is not None
    fast = parse_feed(content, max_entries=50)
    assert fast.left_out == 250
    slow = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    assert [e.url for e in fast.entries] == [_entry(e).url for e in newest(slow.entries, 50)]


def test_the_windows_1252_table_is_feedparsers():
    from feedparser.html import _cp1252

    assert _cp1252 == CP1252

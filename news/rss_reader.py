"""A fast reader for the common feed: plain RSS 2.0 in UTF-8, read as feedparser reads it.

    read_rss(content) -> list[dict] | None

feedparser reads every kind of feed and recovers from broken ones, at a cost: about
0.2 ms an entry, most of a poll. Most news outlets publish the plainest kind, RSS 2.0
in UTF-8, whose few fields a poll keeps (link, title, summary, GUID, date) this module
reads with ElementTree's C parser in a fifth of the time (2.1 ms against 11.2 ms for
one of bench/feeds.py's feeds of 50 entries). It returns the entries as feedparser
would (the same keys, the same values: tests/news/test_rss_reader.py compares the two
on each feed the tests hold that it takes), or None for anything it does not read
exactly as feedparser does; feedparser then reads the document. It declines rather
than guesses: another version, format or encoding, a document that is not
well-formed, an item with an element it does not know or a field twice, markup or an
attribute that changes a field, an unusual date, a base address, items elsewhere than
feedparser would look for them.

DTDs and entity declarations are refused before either reader sees the bytes
(news.fetching.parse_feed).
"""

from __future__ import annotations

import contextlib
import re
import time
import xml.etree.ElementTree as ET
from calendar import timegm
from datetime import datetime
from email.utils import parsedate_tz
from io import BytesIO

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_PERMALINK = ({"isPermaLink": "true"}, {"isPermaLink": "false"})
# Read into the entry: each may appear once.
_FIELDS = {"title", "link", "description", "guid", "pubDate", _CONTENT}
# Elements feedparser reads into keys a poll never looks at.
_IGNORED = {"author", "category", "comments", "enclosure", "source", _CREATOR}

# A DTD or an entity declaration. news.fetching.parse_feed refuses one in the prolog
# before this reader is called; this reader declines one anywhere, so that none ever
# reaches ElementTree, whoever calls it.
DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# feedparser's own reading of a declared encoding (feedparser.encodings): any processing
# instruction on the first line, the last encoding named there.
_DECLARED_ENCODING = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")
# feedparser's own fix-up of addresses (feedparser.urls._urifixer), applied as it
# applies it: to links, and to GUIDs not marked isPermaLink="false".
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"\d{2}:\d{2}(?::\d{2})? (?:GMT|UT|UTC|Z|[+-]\d{4}|[ECMP][SD]T)$"
)


class _Declined(Exception):
    """The document is not one this reader reads exactly as feedparser does."""


def read_rss(content: bytes) -> list[dict] | None:
    """The entries of an RSS 2.0 document as feedparser gives them, or None."""
    # No UTF-8 XML holds a NUL byte; a UTF-16 document without a byte-order mark does,
    # and expat would read it (and its DTD) where feedparser reads UTF-8.
    if b"\x00" in content or not _utf8(content) or DECLARATION.search(content):
        return None
    try:
        return _items(content)
    except (_Declined, ET.ParseError):
        return None


def _utf8(content: bytes) -> bool:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    declared = _DECLARED_ENCODING.match(content.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared.group(1).lower() == b"utf-8"


def _items(content: bytes) -> list[dict]:
    entries = []
    path: list[str] = []
    # Only the items are kept, each cleared once read: a huge feed never stands whole.
    events = ET.iterparse(BytesIO(content), events=("start", "end"))  # noqa: S314 (no DTD: above)
    for event, element in events:
        if event == "start":
            path.append(element.tag)
            _check(element, path)
            continue
        path.pop()
        if len(path) == 2 and element.tag == "item":
            entries.append(_entry(element))
            element.clear()
        elif len(path) == 3 and path[2] == "item" and len(element):
            raise _Declined  # markup inside a field of an item, or an element in one
    return entries


def _check(element: ET.Element, path: list[str]) -> None:
    """Decline what feedparser reads otherwise: elements in place, attributes anywhere."""
    depth, tag = len(path), element.tag
    if depth == 1 and (tag != "rss" or element.attrib.get("version") != "2.0"):
        raise _Declined
    if depth == 2 and tag != "channel":
        raise _Declined
    # feedparser makes an entry of an item or entry at any depth, in any namespace of
    # several, whatever the case of its name.
    if _local(tag) in ("item", "entry") and not (depth == 3 and tag == "item"):
        raise _Declined
    # It resolves addresses against a base given anywhere (xml:base, or plain base).
    if any(_local(name) == "base" for name in element.attrib):
        raise _Declined
    if depth == 3 and tag == "item" and element.attrib:
        raise _Declined  # an item's own attributes may give its date or its id
    # In a field, a GUID's isPermaLink (as feedparser compares it) and nothing else: on
    # the others an attribute may replace the text (href) or decode it (type, mode).
    in_field = depth == 4 and path[2] == "item" and tag in _FIELDS
    if in_field and element.attrib and (tag != "guid" or element.attrib not in _PERMALINK):
        raise _Declined


def _local(name: str) -> str:
    return name.rpartition("}")[2].lower()


def _entry(item: ET.Element) -> dict:
    found: dict[str, ET.Element] = {}
    for child in item:
        tag = child.tag
        if tag in _FIELDS:
            if tag in found:
                raise _Declined
            found[tag] = child
        elif tag not in _IGNORED:
            raise _Declined
    link = found.get("link")
    if link is None:
        raise _Declined  # feedparser would take the link from the GUID
    entry = {"link": _link(_address(_text(link)))}
    if not entry["link"]:
        raise _Declined
    if "title" in found:
        entry["title"] = _text(found["title"])
    # feedparser's summary: the description, or failing one the full content.
    summary = found.get("description", found.get(_CONTENT))
    if summary is not None:
        if "description" in found and _CONTENT in found:
            tags = [child.tag for child in item]
            if tags.index(_CONTENT) < tags.index("description"):
                raise _Declined  # feedparser's reading then depends on the order
        entry["summary"] = _text(summary)
    if "guid" in found:
        guid = _text(found["guid"])
        permalink = found["guid"].get("isPermaLink", "true") == "true"
        entry["id"] = _address(guid) if permalink else guid
    if "pubDate" in found:
        entry["published_parsed"] = _date(_text(found["pubDate"]))
    return entry


def _text(element: ET.Element) -> str:
    text = (element.text or "").strip()
    # feedparser's repair of UTF-8 text once decoded as Latin-1, then of Windows-1252
    # characters given by their byte's code (&#146; for ’), which it applies to every
    # field of a UTF-8 document.
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(CP1252)


# The code points 128 to 159 that Windows-1252 gives a character, mapped to it.
CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(128, 160)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_REFERENCE_LIKE = re.compile("&([A-Za-z0-9_]+);")


def _link(value: str) -> str:
    # feedparser's repair of an item's link whose query was escaped once too often.
    return _REFERENCE_LIKE.sub(r"&\g<1>", value.replace("&amp;", "&"))


def _address(value: str) -> str:
    return _URI_FIXER.sub(r"\1\3", value)


def _date(value: str) -> time.struct_time:
    form = _RFC822.match(value)
    if form is None or not 1000 <= int(form.group("year")) <= 9998:
        raise _Declined  # feedparser knows many more forms, and reads far years its way
    parts = parsedate_tz(value)
    if parts is None:
        raise _Declined
    try:
        datetime(*parts[:6])  # a day the month does not have
    except ValueError:
        raise _Declined from None
    return time.gmtime(timegm(parts[:6]) - (parts[9] or 0))

"""Fetch and parse incoming feeds. Touches no database, so it can be tested on saved bytes.

`fetch_feed()` is polite: conditional GET, and a server's request to slow down
is passed on. Everything defensive about the request itself (public addresses
only, redirects checked per hop, the time and size caps, bounded decoding) is
core.safe_http's, shared with webhooks.
`parse_feed()` refuses a web page, and DTDs and entity declarations, before
feedparser sees the bytes, keeps the newest FEEDS_MAX_ENTRIES entries, and reduces
each to plain text as it is read (`ParsedFeed.batches()`), so a huge feed never has
all its entries made into objects at once.
"""

from __future__ import annotations

import calendar
import hashlib
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import feedparser
from django.conf import settings

from core.safe_http import FetchError, open_url
from core.sanitize import plain_text
from core.text import one_line
from news.canonical import canonicalize_url
from news.rss_reader import DECLARATION, read_rss

MAX_REDIRECTS = 5
TITLE_MAX = 300
SUMMARY_MAX = 1000
PERMANENT = {301, 308}
RETRY_AFTER_MAX = timedelta(days=7)


class SlowDown(FetchError):
    """The server asked us to come back later (429 or 503 with a Retry-After).

    Not a failure of the feed: polling postpones it to `retry_after` instead.
    """

    def __init__(self, message: str, *, retry_after: datetime):
        super().__init__(message, retry_after=retry_after)


@dataclass
class FetchResult:
    not_modified: bool
    url: str  # the URL finally answered
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""
    permanent_redirect: str | None = None  # set when every hop was permanent


@dataclass
class Entry:
    guid: str
    url: str
    canonical_url: str
    title: str
    summary: str
    published_at: datetime | None


@dataclass
class ParsedFeed:
    """The entries a poll takes from a parsed feed, made into `Entry`s only as read."""

    raw: list[Any] = field(default_factory=list)  # feedparser's entries, the newest N
    left_out: int = 0  # older entries beyond FEEDS_MAX_ENTRIES

    def batches(self, size: int) -> Iterator[tuple[list[Entry], int]]:
        """`size` entries at a time, each with how many were skipped (no usable link)."""
        for start in range(0, len(self.raw), size):
            made = [_entry(raw) for raw in self.raw[start : start + size]]
            entries = [entry for entry in made if entry is not None]
            yield entries, len(made) - len(entries)

    @cached_property
    def _all(self) -> tuple[list[Entry], int]:
        entries, skipped = [], 0
        for batch, batch_skipped in self.batches(max(len(self.raw), 1)):
            entries += batch
            skipped += batch_skipped
        return entries, skipped

    @property
    def entries(self) -> list[Entry]:
        """Every entry at once: for small feeds and tests; polls read `batches()`."""
        return self._all[0]

    @property
    def skipped(self) -> int:  # entries with no usable http(s) link
        return self._all[1]


# --- fetching ------------------------------------------------------------------


def fetch_feed(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    allow_private: bool | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
) -> FetchResult:
    """GET a feed, raising `FetchError` (or `SlowDown`) with a sentence for moderators.

    FEEDS_TIMEOUT bounds the whole fetch, redirects and body included.
    """
    allow_private = settings.FEEDS_ALLOW_PRIVATE if allow_private is None else allow_private
    headers = {
        "User-Agent": settings.FEEDS_USER_AGENT,
        "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with open_url(
        "GET",
        url,
        headers=headers,
        allow_private=allow_private,
        timeout=timeout or settings.FEEDS_TIMEOUT,
        max_redirects=MAX_REDIRECTS,
    ) as response:
        status = response.status
        moved = response.url != url and all(hop in PERMANENT for hop in response.redirects)
        permanent_redirect = response.url if moved else None
        if status == 304:
            return FetchResult(
                not_modified=True, url=response.url, permanent_redirect=permanent_redirect
            )
        if status in (429, 503):
            message = f"HTTP {status}: the server asks us to slow down"
            retry = parse_retry_after(response.headers.get("Retry-After", ""))
            if retry is None:
                # No word on when to return: possibly down for good, so a failure.
                raise FetchError(message)
            raise SlowDown(f"{message} until {retry:%Y-%m-%d %H:%M} UTC", retry_after=retry)
        if status >= 400:
            raise FetchError(f"HTTP {status} from {urlsplit(response.url).hostname}")
        content = response.read(max_bytes or settings.FEEDS_MAX_BYTES) if status == 200 else b""
        return FetchResult(
            not_modified=False,
            url=response.url,
            content=content,
            etag=response.headers.get("ETag", ""),
            last_modified=response.headers.get("Last-Modified", ""),
            permanent_redirect=permanent_redirect,
        )


def parse_retry_after(value: str, *, now: datetime | None = None) -> datetime | None:
    """Retry-After as seconds or as an HTTP date; None when absent or unreadable."""
    now = now or datetime.now(UTC)
    value = (value or "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return now + min(timedelta(seconds=int(value[:10])), RETRY_AFTER_MAX)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # A date years ahead must not switch the feed off by the back door.
    return min(max(when, now), now + RETRY_AFTER_MAX)


# --- parsing -------------------------------------------------------------------

_DOCTYPE = re.compile(rb"<!doctype\s+([\w:.-]+)[^>\[]*>", re.IGNORECASE)
_ROOT = re.compile(rb"<([\w:.-]+)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}
_SPACE = re.compile(rb"\s*")


# How a document in UTF-16 or UTF-32 begins, with a byte-order mark or with "<" (XML 1.0,
# appendix F), longest first.
_WIDE_STARTS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _comparable(content: bytes) -> bytes:
    """The document as UTF-8 bytes without a byte-order mark, for the checks only.

    UTF-16 and UTF-32 are decoded, not read with their NUL bytes dropped: dropped, other
    characters leave bytes that read as markup (U+2D2D and ">" as the end of a comment).
    """
    for start, encoding in _WIDE_STARTS:
        if content.startswith(start):
            text = content.decode(encoding, errors="replace").removeprefix("\ufeff")
            return text.encode()
    # UTF-8's mark; and in any other NUL-laden encoding the NULs dropped, so that a
    # declaration is still seen.
    return content.removeprefix(b"\xef\xbb\xbf").replace(b"\x00", b"")


def _skip_prolog(data: bytes, at: int) -> tuple[int, bool]:
    """Where the prolog from `at` ends, and whether it ended cleanly.

    The prolog here is processing instructions (the XML declaration among them),
    comments and whitespace; it does not end cleanly when one is never closed.
    """
    while True:
        at = _SPACE.match(data, at).end()
        if data.startswith(b"<?", at):
            end = data.find(b"?>", at + 2)
            terminator = 2
        elif data.startswith(b"<!--", at):
            end = data.find(b"-->", at + 4)
            terminator = 3
        else:
            return at, True
        if end < 0:
            return at, False
        at = end + terminator


def _declares_dtd(data: bytes) -> bool:
    """Whether the document declares a DTD or entities before its root element.

    A DTD is only honoured in the prolog (feedparser too only looks there), while
    an entry may quote `<!DOCTYPE html>` in its CDATA; so only the prolog is read.
    A prolog followed by anything but an element (stray text, an unclosed comment)
    gets the rest of the document searched, as a parser recovering from it might
    read on.
    """
    at, closed = _skip_prolog(data, 0)
    if closed and data.startswith(b"<", at) and not data.startswith(b"<!", at):
        return False  # the root element: the prolog is over
    return bool(DECLARATION.search(data, at))


def _is_web_page(data: bytes) -> bool:
    """Whether the document is an HTML page: a site's address given where its feed's was.

    Read from the bytes, not the Content-Type, which some servers get wrong for
    feeds. An <html> root makes a page, and so does an HTML doctype before a root
    that is not a feed's (HTML may leave out <html>; a feed may wrongly carry one).
    """
    at, _closed = _skip_prolog(data, 0)
    doctype = _DOCTYPE.match(data, at)
    if doctype:
        at, _closed = _skip_prolog(data, doctype.end())
    root = _ROOT.match(data, at)
    name = root.group(1).lower() if root else b""
    if name == b"html":
        return True
    return bool(doctype) and doctype.group(1).lower() == b"html" and name not in _FEED_ROOTS


def parse_feed(content: bytes, *, max_entries: int | None = None) -> ParsedFeed:
    if not content.strip():
        raise FetchError("The feed is empty")
    data = _comparable(content)  # once for both checks: a copy, or a decoding, of it all
    # Before the DTD check, which would otherwise report a page's <!DOCTYPE html>.
    if _is_web_page(data):
        raise FetchError(
            "This address returns a web page, not a feed: look on the page for its RSS or Atom link"
        )
    if _declares_dtd(data):
        raise FetchError("Refused: the feed declares a DTD or entities")
    raw = read_rss(content)  # the plainest feeds, read fast; None for any other
    if raw is None:
        raw = _feedparser_entries(content)
    limit = settings.FEEDS_MAX_ENTRIES if max_entries is None else max_entries
    if len(raw) <= limit:
        return ParsedFeed(raw=raw)
    return ParsedFeed(raw=newest(raw, limit), left_out=len(raw) - limit)


def _feedparser_entries(content: bytes) -> list[Any]:
    # feedparser's own HTML sanitiser is off: every field is reduced to plain text by
    # core.sanitize (the one sanitiser), and feedparser's pass before it was a third
    # of the parse and changed nothing in that text (tests/news/test_fetching.py).
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise FetchError(f"Broken feed: {str(reason)[:200] or 'not a feed'}")
    return parsed.entries


# feedparser's entries are dicts whose own lookup maps old key names to new ones and
# warns about a few (2 of the 19 µs an Entry takes); for the keys read here it returns
# exactly what the plain dict holds, so the plain lookup is used.
_field = dict.get


def newest(raw: list[Any], limit: int) -> list[Any]:
    """The `limit` newest entries, in the feed's order; undated ones rank by position.

    A feed lists its newest first, so with no dates the first `limit` are kept.
    """

    def rank(index: int) -> tuple[float, int]:
        struct = _field(raw[index], "published_parsed") or _field(raw[index], "updated_parsed")
        try:
            when = float(calendar.timegm(struct)) if struct else float("-inf")
        except (OverflowError, ValueError, TypeError):
            when = float("-inf")
        return when, -index

    kept = heapq.nlargest(limit, range(len(raw)), key=rank)
    return [raw[index] for index in sorted(kept)]


def _entry(raw) -> Entry | None:
    link = (_field(raw, "link") or "").strip()
    try:
        canonical = canonicalize_url(link)
    except ValueError:
        return None  # no link, or javascript:/data:/ftp: which feedparser passes through
    # Feeds are not asked: a headline is one line, whatever the feed sent.
    title = one_line(plain_text(_field(raw, "title") or "", max_length=TITLE_MAX)) or "(untitled)"
    summary = plain_text(_field(raw, "summary") or "", max_length=SUMMARY_MAX)
    published = _date(_field(raw, "published_parsed") or _field(raw, "updated_parsed"))
    guid = (_field(raw, "id") or "").strip()[:500] or link[:500]
    if not guid:
        guid = hashlib.sha256(f"{title}|{published}".encode()).hexdigest()
    return Entry(
        guid=guid,
        url=link[:1000],
        canonical_url=canonical[:1000],
        title=title,
        summary=summary,
        published_at=published,
    )


def _date(struct) -> datetime | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None

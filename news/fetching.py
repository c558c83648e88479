"""Fetch and parse incoming feeds. Touches no database, so it can be tested on saved bytes.

`fetch_feed()` is polite and defensive: timeouts, a size cap, conditional GET,
redirects followed one hop at a time, and no connection to a non-public
address unless FEEDS_ALLOW_PRIVATE says so. The address checked is the address
connected to (the request is pinned to it), and every redirect is checked again.
FEEDS_TIMEOUT bounds each network read and also the whole fetch, so a server
that drips its feed a byte at a time can't hold a worker.
`parse_feed()` refuses DTDs and entity declarations before feedparser sees
the bytes, and reduces every entry to plain text.
"""

from __future__ import annotations

import calendar
import hashlib
import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import httpx
from django.conf import settings

from core.sanitize import plain_text
from news.canonical import canonicalize_url

MAX_REDIRECTS = 5
TITLE_MAX = 300
SUMMARY_MAX = 1000
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_AFTER_MAX = timedelta(days=7)


class FetchError(Exception):
    """A poll failed; `message` is shown to moderators on the feed."""

    def __init__(self, message: str, *, retry_after: datetime | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


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
    entries: list[Entry] = field(default_factory=list)
    skipped: int = 0  # entries with no usable http(s) link


# --- addresses -------------------------------------------------------------------


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int, *, allow_private: bool) -> str:
    """Resolve `host` and return one address to connect to, refusing non-public ones."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"Cannot resolve {host}: {exc.strerror or exc}") from None
    except (UnicodeError, ValueError):
        # Raised before any lookup, for a label over 63 characters, an empty one, a NUL...
        raise FetchError(f"The feed URL's host name {host[:80]!r} is not valid") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            raise FetchError(
                f"Refused: {host} resolves to a non-public address ({refused[0]}). "
                "Feeds are only fetched from public addresses."
            )
    return addresses[0]


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
    allow_private = settings.FEEDS_ALLOW_PRIVATE if allow_private is None else allow_private
    max_bytes = max_bytes or settings.FEEDS_MAX_BYTES
    timeout = timeout or settings.FEEDS_TIMEOUT
    deadline = time.monotonic() + timeout
    headers = {
        "User-Agent": settings.FEEDS_USER_AGENT,
        "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen: set[str] = set()
    all_permanent = True
    current = url
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    ) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            if current in seen:
                raise FetchError(f"Redirect loop at {current}")
            seen.add(current)
            response_status, response = _request_pinned(
                client,
                current,
                headers,
                allow_private=allow_private,
                max_bytes=max_bytes,
                deadline=deadline,
                budget=timeout,
            )
            if response_status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {response_status} redirect without a Location")
                all_permanent = all_permanent and response_status in PERMANENT
                current = urljoin(current, location)
                continue
            if response_status == 304:
                return FetchResult(
                    not_modified=True,
                    url=current,
                    permanent_redirect=current if all_permanent and current != url else None,
                )
            if response_status in (429, 503):
                message = f"HTTP {response_status}: the server asks us to slow down"
                retry = parse_retry_after(response.headers.get("Retry-After", ""))
                if retry is None:
                    # No word on when to return: possibly down for good, so a failure.
                    raise FetchError(message)
                raise SlowDown(f"{message} until {retry:%Y-%m-%d %H:%M} UTC", retry_after=retry)
            if response_status >= 400:
                raise FetchError(f"HTTP {response_status} from {urlsplit(current).hostname}")
            return FetchResult(
                not_modified=False,
                url=current,
                content=response.body,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                permanent_redirect=current if all_permanent and current != url else None,
            )
    raise FetchError(f"Too many redirects (more than {MAX_REDIRECTS})")


@dataclass
class _Response:
    headers: httpx.Headers
    body: bytes


def _request_pinned(
    client, url, headers, *, allow_private, max_bytes, deadline: float, budget: float
) -> tuple[int, _Response]:
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed [ for an IPv6 address
        raise FetchError(f"The feed URL {url[:200]!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"Only http and https feeds are fetched, not {parts.scheme or 'none'}:")
    host = parts.hostname
    if not host:
        raise FetchError(f"The feed URL {url[:200]!r} names no host")
    try:
        explicit_port = parts.port
    except ValueError:
        raise FetchError(f"The feed URL {url[:200]!r} has an impossible port") from None
    port = explicit_port or (443 if parts.scheme == "https" else 80)
    timed_out = FetchError(f"Timed out fetching {host}: the feed took over {budget:g} s to arrive")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise timed_out
    address = resolve_checked(host, port, allow_private=allow_private)
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = host if explicit_port is None else f"{host}:{explicit_port}"
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    try:
        with client.stream(
            "GET",
            pinned,
            headers={**headers, "Host": host_header},
            extensions=extensions,
            timeout=httpx.Timeout(min(budget, remaining)),
        ) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"Feed too large: {declared} bytes (the limit is {max_bytes})")
            body = bytearray()
            if response.status_code == 200:
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise FetchError(f"Feed too large: over {max_bytes} bytes")
                    # Each read has its own timeout; bytes dripping in just inside it
                    # would otherwise keep us here indefinitely.
                    if time.monotonic() > deadline:
                        raise timed_out
            return response.status_code, _Response(response.headers, bytes(body))
    except httpx.TimeoutException:
        raise FetchError(f"Timed out fetching {host}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"Could not fetch {host}: {type(exc).__name__}") from None


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

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_SPACE = re.compile(rb"\s*")


def declares_dtd(content: bytes) -> bool:
    """Whether the document declares a DTD or entities before its root element.

    A DTD is only honoured in the prolog (feedparser too only looks there), while
    an entry may quote `<!DOCTYPE html>` in its CDATA; so only the prolog is read:
    the XML declaration, processing instructions, comments and whitespace. A
    prolog that is anything else (stray text, an unclosed comment) gets the whole
    document searched, as a parser recovering from it might read on.
    """
    # UTF-16 and friends interleave NUL bytes; drop them for the check only.
    data = content.replace(b"\x00", b"")
    for mark in _BYTE_ORDER_MARKS:
        data = data.removeprefix(mark)
    at = 0
    while True:
        at = _SPACE.match(data, at).end()
        if data.startswith(b"<?", at):
            end = data.find(b"?>", at + 2)
            terminator = 2
        elif data.startswith(b"<!--", at):
            end = data.find(b"-->", at + 4)
            terminator = 3
        elif data.startswith(b"<", at) and not data.startswith(b"<!", at):
            return False  # the root element: the prolog is over
        else:
            return bool(_DECLARATION.search(data, at))
        if end < 0:
            return bool(_DECLARATION.search(data, at))
        at = end + terminator


def parse_feed(content: bytes) -> ParsedFeed:
    if not content.strip():
        raise FetchError("The feed is empty")
    if declares_dtd(content):
        raise FetchError("Refused: the feed declares a DTD or entities")
    parsed = feedparser.parse(content, sanitize_html=True, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise FetchError(f"Broken feed: {str(reason)[:200] or 'not a feed'}")
    result = ParsedFeed()
    for raw in parsed.entries:
        entry = _entry(raw)
        if entry is None:
            result.skipped += 1
        else:
            result.entries.append(entry)
    return result


def _entry(raw) -> Entry | None:
    link = (raw.get("link") or "").strip()
    try:
        canonical = canonicalize_url(link)
    except ValueError:
        return None  # no link, or javascript:/data:/ftp: which feedparser passes through
    title = plain_text(raw.get("title") or "", max_length=TITLE_MAX) or "(untitled)"
    summary = plain_text(raw.get("summary") or "", max_length=SUMMARY_MAX)
    published = _date(raw.get("published_parsed") or raw.get("updated_parsed"))
    guid = (raw.get("id") or "").strip()[:500] or link[:500]
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

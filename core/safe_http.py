"""The one HTTP client for addresses that strangers give us: feeds to poll, webhooks to call.

Whoever can save a feed or a webhook can make this server send a request, so every
request keeps to the same rules. Only http and https, to a real host and port. The
host name is looked up once, here; every address it gives must be public (unless
the caller allows private ones, as FEEDS_ALLOW_PRIVATE does for tests), and the
connection goes to the address that was checked, never to the answer of a second
lookup that a rebinding DNS server could change. The name is still sent as the
Host header and in SNI, and the certificate is checked against it. Redirects are
followed one hop at a time, each hop checked like the first.

One deadline covers the whole exchange, body included, so a server that drips its
answer can't hold a worker. The body is decoded here, from the raw bytes, under a
running cap, so a small compressed answer can't inflate into gigabytes in memory.

Every refusal or failure is a `FetchError` whose message is a sentence for a person.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpx

REDIRECTS = frozenset({301, 302, 303, 307, 308})
# The most decoded bytes made at one step: what a compression bomb gets on top of the cap.
DECODE_STEP = 64 * 1024
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(Exception):
    """A request was refused or failed; `message` says why, in a sentence for a person.

    `retry_after`, when set, is when the server asked to be tried again.
    """

    def __init__(self, message: str, *, retry_after: datetime | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class UnsafeURL(FetchError):
    """The URL, or an address its host leads to, is refused whatever the server would say."""


# --- addresses -------------------------------------------------------------------


def is_public_address(address: str) -> bool:
    """Whether a connection to `address` stays on the public internet, to one host.

    An IPv6 address that carries an IPv4 one is judged by the IPv4 address it leads
    to: 64:ff9b::7f00:1 is 127.0.0.1 behind a NAT64 gateway, 2002:7f00:1:: the same
    through 6to4.
    """
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded:
            return all(_is_public(v4) for v4 in embedded)
    return _is_public(ip)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)  # the relay's address and the client's behind it
    return []


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # `is_global` alone lets multicast and the old site-local range through, and
    # Python 3.11 counts a few reserved blocks as global: each is named here.
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or ip.is_unspecified
        or getattr(ip, "is_site_local", False)
    )


def resolve_checked(host: str, port: int, *, allow_private: bool) -> str:
    """Look `host` up and return the address to connect to; refuse it if any is not public.

    The one place a name is resolved: the caller connects to the address returned.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"Cannot resolve {host}: {exc.strerror or exc}") from None
    except (UnicodeError, ValueError):
        # Raised before any lookup, for a label over 63 characters, an empty one, a NUL...
        raise UnsafeURL(f"The host name {host[:80]!r} is not valid") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"Cannot resolve {host}: no address")
    if not allow_private:
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            raise UnsafeURL(
                f"Refused: {host} resolves to a non-public address ({refused[0]}). "
                "Only public addresses are contacted."
            )
    return addresses[0]


# --- URLs ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # as looked up: lower case, international names in their ASCII form
    port: int
    explicit_port: bool
    path: str
    query: str

    def pinned(self, address: str) -> str:
        """The URL with its host replaced by the checked address."""
        literal = f"[{address}]" if ":" in address else address
        return urlunsplit((self.scheme, f"{literal}:{self.port}", self.path, self.query, ""))

    @property
    def host_header(self) -> str:
        literal = f"[{self.host}]" if ":" in self.host else self.host
        return f"{literal}:{self.port}" if self.explicit_port else literal


def _parse(url: str) -> _Target:
    shown = url[:200]
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed [ for an IPv6 address
        raise UnsafeURL(f"{shown!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        if not parts.scheme:
            raise UnsafeURL(f"{shown!r} is not a web address: write it in full, from https://")
        raise UnsafeURL(f"Only http and https URLs are allowed, not {parts.scheme}:")
    host = parts.hostname
    if not host:
        raise UnsafeURL(f"The URL {shown!r} names no host")
    if ":" not in host:  # an IPv6 literal has no name to encode
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise UnsafeURL(f"The host name {host[:80]!r} is not valid") from None
    try:
        port = parts.port
    except ValueError:  # out of range, or not a number
        port = -1
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    if not 1 <= port <= 65535:
        written = parts.netloc.rpartition("]")[2].rpartition(":")[2]
        raise UnsafeURL(
            f"The URL {shown!r} names an impossible port ({written[:20]}): "
            "a port is a number from 1 to 65535"
        )
    return _Target(
        scheme=parts.scheme,
        host=host,
        port=port,
        explicit_port=parts.port is not None,
        path=parts.path or "/",
        query=parts.query,
    )


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse a URL this client would refuse to fetch, e.g. when a form saves it.

    Raises `UnsafeURL` for the URL itself or a non-public address, and `FetchError`
    when the host can't be looked up (which may pass).
    """
    target = _parse(url)
    resolve_checked(target.host, target.port, allow_private=allow_private)


# --- decoding --------------------------------------------------------------------

_CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


class _Decoder:
    """Undoes the response's content coding, refusing output past `limit` as it goes.

    Only one coding is accepted: "gzip, gzip" multiplies a bomb's ratio and no
    honest server needs it. Whatever follows the end of the compressed data is
    dropped unkept.
    """

    def __init__(self, header: str, *, limit: int, host: str):
        codings = [c.strip().lower() for c in header.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1:
            raise FetchError(
                f"The answer from {host} is encoded {len(codings)} times "
                f"({header.strip()[:60]}): one content coding at most is accepted"
            )
        self.coding = _CODINGS.get(codings[0]) if codings else None
        if codings and self.coding is None:
            raise FetchError(
                f"The answer from {host} uses a content coding that cannot be decoded "
                f"({codings[0][:40]}): only gzip and deflate are"
            )
        self.limit, self.host = limit, host
        self.pieces: list[bytes] = []
        self.size = 0
        self._head = b""  # the first bytes of a deflate body, until its kind is known
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.coding == "gzip" else None
        self._fed = False
        self._ended = False

    def feed(self, data: bytes) -> None:
        self._fed = self._fed or bool(data)
        if self.coding is None:
            self._keep(data)
        elif not self._ended:
            try:
                self._inflate(data)
            except zlib.error as exc:
                raise FetchError(
                    f"The answer from {self.host} is not valid {self.coding} data ({exc})"
                ) from None

    def finish(self) -> bytes:
        if self.coding is not None and self._fed and not self._ended:
            raise FetchError(f"The answer from {self.host} was cut short inside its {self.coding}")
        # One piece (an answer that came in one read) is returned without a copy.
        return self.pieces[0] if len(self.pieces) == 1 else b"".join(self.pieces)

    def _inflate(self, data: bytes) -> None:
        if self._z is None:  # deflate: with the zlib wrapper it names, or raw as some send
            self._head += data
            if len(self._head) < 2:
                return
            cmf, flg = self._head[0], self._head[1]
            wrapped = cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._head = self._head, b""
        while True:
            # Never more than a step at a time, and never far past the cap.
            room = min(DECODE_STEP, self.limit - self.size + 1)
            out = self._z.decompress(data, room)
            self._keep(out)
            if self._z.eof:
                self._ended = True
                return
            data = self._z.unconsumed_tail
            if not data and len(out) < room:
                return  # all taken in, nothing waiting to come out

    def _keep(self, out: bytes) -> None:
        if out:
            self.size += len(out)
            if self.size > self.limit:
                raise _too_large(self.host, self.limit)
            self.pieces.append(out)


def _too_large(host: str, limit: int) -> FetchError:
    return FetchError(f"The answer from {host} is too large: over {limit} bytes")


def _timed_out(host: str, budget: float) -> FetchError:
    return FetchError(f"Timed out: {host} took over {budget:g} s to answer")


# --- requests --------------------------------------------------------------------


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate store httpx would load, loaded once per process.

    httpx reads the CA bundle again for every client it makes: 18 ms a request, which
    was most of a loopback feed fetch. A context is safe to share between threads.
    """
    return ssl.create_default_context(cafile=certifi.where())


class Response:
    """An answer whose body is still on the wire: `read()` takes it, decoded and capped."""

    def __init__(
        self,
        raw: httpx.Response,
        *,
        url: str,
        host: str,
        redirects: tuple[int, ...],
        deadline: float,
        budget: float,
    ):
        self.status: int = raw.status_code
        self.headers: httpx.Headers = raw.headers
        self.url = url  # the URL that answered, after any redirects
        self.redirects = redirects  # the status of each redirect followed, in order
        self._raw, self._host, self._deadline, self._budget = raw, host, deadline, budget

    def read(self, max_bytes: int) -> bytes:
        """The body, decoded; refused as soon as it passes `max_bytes`, in either form."""
        declared = self.headers.get("Content-Length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                f"The answer from {self._host} is too large: "
                f"{declared} bytes (the limit is {max_bytes})"
            )
        decoder = _Decoder(
            self.headers.get("Content-Encoding", ""), limit=max_bytes, host=self._host
        )
        received = 0
        try:
            for chunk in self._raw.iter_raw():
                # Compressed data is smaller than what it decodes to: the same cap holds it.
                received += len(chunk)
                if received > max_bytes:
                    raise _too_large(self._host, max_bytes)
                decoder.feed(chunk)
                # Each read has its own timeout; bytes dripping in just inside it
                # would otherwise keep us here indefinitely.
                if time.monotonic() > self._deadline:
                    raise _timed_out(self._host, self._budget)
        except httpx.TimeoutException:
            raise _timed_out(self._host, self._budget) from None
        except httpx.HTTPError as exc:
            raise FetchError(
                f"Could not read the answer from {self._host}: {_reason(exc)}"
            ) from None
        return decoder.finish()


@contextmanager
def open_url(
    method: str,
    url: str,
    *,
    allow_private: bool,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    max_redirects: int = 0,
) -> Iterator[Response]:
    """Send one request under the rules above and yield the answer, its body unread.

    A GET follows up to `max_redirects` redirects, each hop checked like the first;
    otherwise a redirect is the answer. `timeout` bounds the whole exchange.
    """
    deadline = time.monotonic() + timeout
    redirects: list[int] = []
    seen: set[str] = set()
    current = url
    with httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        verify=tls_context(),
    ) as client:
        while True:
            if current in seen:
                raise FetchError(f"Redirect loop at {current[:200]}")
            seen.add(current)
            target = _parse(current)
            address = resolve_checked(target.host, target.port, allow_private=allow_private)
            raw = _send(client, method, target, address, headers, content, deadline, timeout)
            try:
                status = raw.status_code
                if status in REDIRECTS and method == "GET" and max_redirects:
                    location = raw.headers.get("Location")
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location")
                    if len(redirects) == max_redirects:
                        raise FetchError(f"Too many redirects (more than {max_redirects})")
                    redirects.append(status)
                    current = urljoin(current, location)
                    continue
                yield Response(
                    raw,
                    url=current,
                    host=target.host,
                    redirects=tuple(redirects),
                    deadline=deadline,
                    budget=timeout,
                )
                return
            finally:
                raw.close()


def _send(
    client: httpx.Client,
    method: str,
    target: _Target,
    address: str,
    headers: Mapping[str, str] | None,
    content: bytes | None,
    deadline: float,
    budget: float,
) -> httpx.Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timed_out(target.host, budget)
    request = client.build_request(
        method,
        target.pinned(address),
        # Only the codings _Decoder undoes; httpx would offer more if they were installed.
        headers={"Accept-Encoding": "gzip, deflate", **(headers or {}), "Host": target.host_header},
        content=content,
        extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
        timeout=httpx.Timeout(remaining),
    )
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException:
        raise _timed_out(target.host, budget) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"Could not reach {target.host}: {_reason(exc)}") from None


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc).strip()
    return text[:200] if text else type(exc).__name__

"""The shared caches a purge goes to, each behind one interface: `purge(keys)`.

Varnish instances (CACHE_PURGE_URLS, the VCL's `purge` listener) take `PURGE` with an
`xkey-purge` header; Fastly and Cloudflare take their API's purge-by-key call. Which are
configured comes from settings, read when a purge is sent, so a purge queued for a
target since removed is dropped rather than retried for ever.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from core.safe_http import tls_context

TIMEOUT = httpx.Timeout(5.0)
# Cloudflare takes at most this many tags in one call.
CLOUDFLARE_TAGS_PER_CALL = 30


class PurgeFailed(Exception):
    """The cache did not confirm the purge; the row stays pending and is sent again."""


class Target(Protocol):
    name: str

    def purge(self, keys: Sequence[str], *, timeout: float | None = None) -> None: ...


@dataclass(frozen=True)
class Varnish:
    url: str

    @property
    def name(self) -> str:
        return f"varnish {self.url}"

    def purge(self, keys: Sequence[str], *, timeout: float | None = None) -> None:
        headers = {"xkey-purge": " ".join(keys)}
        response = _send("PURGE", self.url, headers=headers, timeout=timeout)
        if response.status_code != 200:
            raise PurgeFailed(f"{self.name} answered {response.status_code}")

    def warm(self, path: str) -> None:
        """Fetch `path` through this cache as a reader would, so it holds the new page."""
        site = urlsplit(settings.SITE_URL)
        headers = {"Host": site.netloc, "X-Forwarded-Proto": site.scheme}
        _send("GET", self.url.rstrip("/") + path, headers=headers)


@dataclass(frozen=True)
class Fastly:
    token: str
    service_id: str
    api_url: str

    name = "fastly"

    def purge(self, keys: Sequence[str], *, timeout: float | None = None) -> None:
        url = f"{self.api_url}/service/{self.service_id}/purge"
        headers = {"Fastly-Key": self.token, "Surrogate-Key": " ".join(keys)}
        response = _send("POST", url, headers=headers, timeout=timeout)
        if response.status_code != 200:
            raise PurgeFailed(f"Fastly answered {response.status_code}: {response.text[:200]}")


@dataclass(frozen=True)
class Cloudflare:
    token: str
    zone_id: str
    api_url: str

    name = "cloudflare"

    def purge(self, keys: Sequence[str], *, timeout: float | None = None) -> None:
        url = f"{self.api_url}/client/v4/zones/{self.zone_id}/purge_cache"
        headers = {"Authorization": f"Bearer {self.token}"}
        keys = list(keys)
        for start in range(0, len(keys), CLOUDFLARE_TAGS_PER_CALL):
            tags = keys[start : start + CLOUDFLARE_TAGS_PER_CALL]
            response = _send("POST", url, headers=headers, json={"tags": tags}, timeout=timeout)
            if response.status_code != 200 or not _succeeded(response):
                raise PurgeFailed(
                    f"Cloudflare answered {response.status_code}: {response.text[:200]}"
                )


def _succeeded(response: httpx.Response) -> bool:
    try:
        return response.json().get("success") is True
    except ValueError:
        return False


# What a kept-alive connection the other end has just closed raises: safe to send once
# more on a new one, as a purge and a warming fetch are idempotent.
_CLOSED_UNDER_US = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def _send(method: str, url: str, *, timeout: float | None = None, **kwargs) -> httpx.Response:
    client = _client(os.getpid())
    if timeout is not None:
        kwargs["timeout"] = timeout
    try:
        try:
            return client.request(method, url, **kwargs)
        except _CLOSED_UNDER_US:
            return client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        raise PurgeFailed(f"{method} {url}: {error.__class__.__name__}: {error}") from None


@functools.cache
def _client(pid: int) -> httpx.Client:
    """One client per process, its connections kept alive.

    A new client costs some 30 ms of CPU (the certificate store, the connection), and
    during a spike the worker gets a sliver of a CPU shared with the cache's threads:
    six new clients a publish (a purge, five warming fetches) were most of the second
    between a commit and the purge. Keyed by process so that a forked worker child
    never shares its parent's sockets.
    """
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False, verify=tls_context())


def configured() -> dict[str, Target]:
    """Every shared cache to purge, by the name a purge row records."""
    targets: list[Target] = [Varnish(url) for url in settings.CACHE_PURGE_URLS]
    if settings.FASTLY_API_TOKEN:
        targets.append(
            Fastly(settings.FASTLY_API_TOKEN, settings.FASTLY_SERVICE_ID, settings.FASTLY_API_URL)
        )
    if settings.CLOUDFLARE_API_TOKEN:
        targets.append(
            Cloudflare(
                settings.CLOUDFLARE_API_TOKEN,
                settings.CLOUDFLARE_ZONE_ID,
                settings.CLOUDFLARE_API_URL,
            )
        )
    return {target.name: target for target in targets}

"""The reader's address, for sign-in lockouts, the audit log and rate limits.

Each proxy in front of the site appends the address it received the request
from to X-Forwarded-For, so with PROXY_COUNT proxies the client's address is
the PROXY_COUNT-th entry from the right. Entries further left were written by
the client and are never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.PROXY_COUNT:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < settings.PROXY_COUNT:
        return remote  # reached without passing through every proxy
    candidate = hops[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

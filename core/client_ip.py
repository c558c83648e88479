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


def network_of(address: str | None) -> str | None:
    """The client a limit counts: an IPv4 address as it is; an IPv6 address's /64 as
    that network's first address (`2001:db8:1:2::`).

    One home or server is handed a whole /64, so counting single IPv6 addresses would
    let one client appear as 2**64 clients and escape every per-address limit.
    """
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)


def client_network(request: HttpRequest) -> str | None:
    """`client_ip`, counted as `network_of` says: what sign-in and subscribe limits use."""
    return network_of(client_ip(request))

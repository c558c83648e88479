"""Which outlet published a story, named by the domain of its own address.

A feed can carry other outlets' stories (aggregators, wire copy), so a link is credited
to the outlet whose domain its URL is on (news.bbc.co.uk -> bbc.co.uk), and only
failing that to the feed's outlet.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from news.models import Outlet


def domain_suffixes(url: str) -> list[str]:
    """The host and each parent domain, longest first: news.bbc.co.uk, bbc.co.uk, co.uk."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return []
    parts = host.removeprefix("www.").split(".")
    suffixes = [".".join(parts[i:]) for i in range(len(parts) - 1)]
    return [s for name in suffixes for s in (name, f"www.{name}")]


def outlets_for(urls: Iterable[str]) -> dict[str, Outlet | None]:
    """Each URL's outlet, named by its own domain (not by the feed that carried it)."""
    urls = list(urls)
    wanted = {s for url in urls for s in domain_suffixes(url)}
    by_domain = {o.domain.lower(): o for o in Outlet.objects.filter(domain__in=wanted)}
    return {
        url: next((by_domain[s] for s in domain_suffixes(url) if s in by_domain), None)
        for url in urls
    }

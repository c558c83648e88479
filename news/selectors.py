"""Reads for the public pages."""

from news.models import CuratedLink


def home_links(limit: int = 6) -> list[CuratedLink]:
    """Published reporting for "Recent developments": pinned first, then newest."""
    return list(
        CuratedLink.objects.for_display()
        .reporting()
        .order_by("-pinned", "-source_published_at", "-id")[:limit]
    )


def key_documents() -> list[CuratedLink]:
    """Published reference texts for the home page's "Key documents"."""
    return list(CuratedLink.objects.for_display().key_documents())

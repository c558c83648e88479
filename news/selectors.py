"""Reads for the public pages."""

from news.models import CuratedLink


def home_links(limit: int = 6) -> list[CuratedLink]:
    """Published links for the home page: pinned first, then newest."""
    return list(
        CuratedLink.objects.for_display().order_by("-pinned", "-source_published_at", "-id")[:limit]
    )

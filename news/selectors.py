"""Reads for the public pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from news.models import CuratedLink, Source


def home_links(limit: int = 6) -> tuple[list[CuratedLink], list[CuratedLink]]:
    """The home page's published links in one query: "Recent developments" (reporting,
    pinned first, then newest; `limit` of them) and "Key documents" (reference texts,
    oldest first: the treaty leads)."""
    displayable = CuratedLink.objects.for_display().order_by(
        "-pinned", "-source_published_at", "-id"
    )
    recent = displayable.reporting().values("pk")[:limit]
    links = list(displayable.filter(Q(reference=True) | Q(pk__in=recent)))
    # Oldest first (the treaty leads), undated last (as PostgreSQL sorts NULLs).
    documents = sorted(
        (link for link in links if link.reference),
        key=lambda link: (
            (0, link.source_published_at, link.pk) if link.source_published_at else (1, link.pk)
        ),
    )
    return [link for link in links if not link.reference], documents


def prefetch_sources(claims: Iterable[models.Model | None]) -> None:
    """Fill each claim's `sources` (its GenericRelation to `Source`), as
    `prefetch_related("sources")` would, in one query for claims of any kinds (the home
    page's verdicts and indicators: one round trip, not one per kind)."""
    keyed = [
        (ContentType.objects.get_for_model(claim).pk, claim)
        for claim in claims
        if claim is not None
    ]
    wanted: dict[int, list[int]] = defaultdict(list)
    for content_type_id, claim in keyed:
        wanted[content_type_id].append(claim.pk)
    if not wanted:
        return
    condition = Q()
    for content_type_id, ids in wanted.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=ids)
    found: dict[tuple[int, int], list[Source]] = defaultdict(list)
    for source in Source.objects.filter(condition):
        found[(source.content_type_id, source.object_id)].append(source)
    for content_type_id, claim in keyed:
        # What `claim.sources.all()` answers from now on. Not that queryset itself:
        # building each claim's filter cost more than the query (it is never run, the
        # rows are in hand); a further filter on this one finds nothing, never another
        # claim's sources.
        sources = Source.objects.none()
        sources._result_cache = found[(content_type_id, claim.pk)]
        sources._prefetch_done = True
        claim.__dict__.setdefault("_prefetched_objects_cache", {})["sources"] = sources

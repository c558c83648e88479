"""Sources of public claims: the one rule every claim is published under, and their writes.

    clean_sources(sources, *, claim) -> list[dict]   (no write; refuses a bad or
        disinformation source in a sentence)
    refuse_unsourced(sources, *, claim) -> None       (the publishing rule)
    set_sources(*, claim, sources) -> list[Source]    (replaces a claim's sources)
    source_rows(claim) -> list[dict]                   (a claim's sources as the services take them)

A source is a dict {"url", "title", "published_on", "archived_url"} until it is saved:
the indicator proposals keep it so, in JSON, until a second editor approves. Callers
(status, explainers, incidents) check permissions, write the audit entry and hold the
transaction; these functions only check and write the rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from core.text import one_line
from core.url_rules import validate_fetchable_url
from news.models import Outlet, Source
from news.outlets import outlets_for

FIELDS = ("url", "title", "published_on", "archived_url")
_URL = URLValidator(schemes=["http", "https"])


def _day(value: Any, title: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            f"“{title}”: give its publication date as a date (e.g. 2025-09-10)."
        ) from None


def _address(value: str, title: str, what: str) -> str:
    try:
        _URL(value)
        validate_fetchable_url(value)
    except ValidationError:
        raise ValidationError(
            f"“{title}”: the {what} must be a public web address (https://...)."
        ) from None
    return value


def clean_sources(sources: list[dict[str, Any]], *, claim: str) -> list[dict[str, Any]]:
    """Each source tidied (dates as dates, its outlet found from its address), or a
    refusal in a sentence: a source readers cannot open, or one from an outlet the list
    marks as known disinformation, is never cited."""
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ValidationError("Give the sources as a list, each with an address and a title.")
    tidy = []
    for source in sources:
        url = str(source.get("url") or "").strip()
        title = one_line(str(source.get("title") or ""))
        if not url:
            raise ValidationError(
                f"“{title or 'A source'}” has no address: every source must be a page readers "
                "can open."
            )
        if not title:
            raise ValidationError(f"Give the source {url} a title readers can see.")
        archived = str(source.get("archived_url") or "").strip()
        published_on = _day(source.get("published_on"), title)
        if published_on and published_on > timezone.localdate():
            raise ValidationError(
                f"“{title}”: its publication date, {published_on}, is in the future."
            )
        tidy.append(
            {
                "url": _address(url, title, "address"),
                "title": title[: Source._meta.get_field("title").max_length],
                "published_on": published_on,
                "archived_url": _address(archived, title, "archived copy") if archived else "",
            }
        )
    outlets = outlets_for(s["url"] for s in tidy)
    for source in tidy:
        source["outlet"] = outlets[source["url"]]
        outlet = source["outlet"]
        if outlet is not None and outlet.disinformation:
            raise ValidationError(
                f"{claim} cannot cite {outlet.name} ({outlet.domain}): the outlet list marks "
                "it as known disinformation."
            )
    return tidy


def refuse_unsourced(sources: list[dict[str, Any]], *, claim: str) -> None:
    """The publishing rule: at least one source readers can open, from a primary source
    or a reputable outlet. `sources` as clean_sources returns them."""
    if any(s["url"] and s["outlet"] is not None and s["outlet"].reputable for s in sources):
        return
    if not sources:
        why = "it has no source"
    else:
        why = "none of its sources is from a primary source or a reputable outlet on the list"
    raise ValidationError(
        f"{claim} cannot be published: {why}. Add a page readers can open from a primary "
        "source (NATO, a government, a parliament, a court) or a reputable outlet."
    )


def set_sources(*, claim: models.Model, sources: list[dict[str, Any]]) -> list[Source]:
    """Replace `claim`'s sources with `sources` (as clean_sources returns them). Call
    inside the caller's transaction, beside its audit entry."""
    Source.objects.for_claim(claim).delete()
    return Source.objects.bulk_create(
        Source(claim=claim, order=n, **{k: s[k] for k in (*FIELDS, "outlet")})
        for n, s in enumerate(sources)
    )


def source_rows(claim: models.Model) -> list[dict[str, Any]]:
    """A claim's saved sources as the services take them (and as the audit compares)."""
    return [
        {
            "url": s.url,
            "title": s.title,
            "published_on": s.published_on,
            "archived_url": s.archived_url,
        }
        for s in Source.objects.for_claim(claim)
    ]


def as_json(sources: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Sources as JSON can hold them (a proposal waiting for approval, an audit diff)."""
    return [
        {
            "url": s["url"],
            "title": s["title"],
            **({"published_on": str(s["published_on"])} if s.get("published_on") else {}),
            **({"archived_url": s["archived_url"]} if s.get("archived_url") else {}),
        }
        for s in sources
    ]


def citable_outlet(outlet: Outlet | None) -> bool:
    return outlet is not None and outlet.reputable

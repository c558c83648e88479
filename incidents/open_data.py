"""The record as open data: one incident as JSON and the licence it is published under.

The JSON shape is described by `incidents/schema/incidents.schema.json`; a test
validates the API's output against it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from incidents.models import (
    Attribution,
    Incident,
    Source,
)

LICENCE = (
    f"The incidents record of {settings.SITE_NAME} ({settings.SITE_URL}/incidents/) is "
    "published under the Creative Commons Attribution 4.0 licence "
    "(https://creativecommons.org/licenses/by/4.0/): reuse it, naming us as the source. "
    "The sources it cites belong to their publishers."
)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def attribution_payload(attribution: Attribution) -> dict[str, Any]:
    return {
        "id": attribution.pk,
        "by_kind": attribution.by_kind,
        "by": attribution.by_name,
        "to_state": attribution.to_state or None,
        "to": attribution.to_words or None,
        "to_detail": attribution.to_actor or None,
        "confidence": attribution.confidence,
        "confidence_label": attribution.get_confidence_display(),
        "words": attribution.words,
        "stated_on": _iso(attribution.stated_on),
        "where": attribution.source_note or None,
        "recorded_at": _iso(attribution.recorded_at),
    }


def source_payload(source: Source) -> dict[str, Any]:
    return {
        "id": source.pk,
        "publisher": source.publisher or None,
        "title": source.title,
        "published_on": _iso(source.published_on),
        "url": source.public_url or None,
    }


def incident_payload(incident: Incident) -> dict[str, Any]:
    """Every published field of one incident (its related rows prefetched)."""
    attributions = list(incident.attributions.all())  # newest first, denials included
    current = incident.current_attribution  # a denial never is
    has_coordinates = incident.latitude is not None and incident.longitude is not None
    return {
        "id": incident.pk,
        "url": f"{settings.SITE_URL}{incident.get_absolute_url()}",
        "title": incident.title,
        "account": incident.account,
        "started_on": _iso(incident.started_on),
        "ended_on": _iso(incident.ended_on),
        "date_precision": incident.precision,
        "countries": [
            {"code": c.code, "name": c.name, "nato_member_at_the_time": c.nato_member}
            for c in incident.countries.all()
        ],
        "place": incident.place or None,
        "coordinates": {
            "latitude": _number(incident.latitude),
            "longitude": _number(incident.longitude),
        }
        if has_coordinates
        else None,
        "category": incident.category,
        "category_label": incident.get_category_display(),
        "target": incident.target or None,
        "responses": list(incident.responses),
        "killed": incident.killed,
        "injured": incident.injured,
        "damage": incident.damage or None,
        "attribution": attribution_payload(current) if current else None,
        "attributions": [attribution_payload(a) for a in attributions],
        "sources": [source_payload(s) for s in incident.sources.all()],
        "corrections": [
            {
                "id": c.pk,
                "made_at": _iso(c.made_at),
                "note": c.note,
                "fields": list(c.changed_fields),
            }
            for c in incident.corrections.all()
        ],
        "published_at": _iso(incident.published_at),
        "updated_at": _iso(incident.updated_at),
    }

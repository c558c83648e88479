"""The record as open data: one incident as JSON, CSV rows safe to open in a spreadsheet,
and conditional GET for the outputs the page cache cannot hold.

The JSON shape is described by `incidents/schema/incidents.schema.json`; a test
validates the API's output against it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from core.cache_version import content_version
from core.release import release_id
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
    attributions = list(incident.attributions.all())  # newest first
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
        "attribution": attribution_payload(attributions[0]) if attributions else None,
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


# --- Conditional GET ------------------------------------------------------------------

PUBLIC = {"public": True, "max_age": 0, "s_maxage": 30, "stale_while_revalidate": 30}


def _etag(request: HttpRequest) -> str | None:
    try:
        version = content_version()
    except Exception:  # noqa: BLE001  cache down: answer in full, without a validator
        return None
    key = f"{release_id()}:{version}:{request.get_full_path()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def conditional_on_content(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ETag and 304 for public outputs the page cache cannot hold (a list whose filters
    the cache does not key on, a streamed file). The tag is the site's content version,
    which every public change bumps, so a 304 is never stale and costs no query."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Anyone with a session may be staff: answered, never stored. (The cookie, not
        # request.user, so anonymous answers carry no "Vary: Cookie".)
        if request.method not in {"GET", "HEAD"} or settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        etag = _etag(request)
        if etag is not None and etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_cache_control(response, **PUBLIC)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if etag is not None:
                response["ETag"] = etag
            patch_cache_control(response, **PUBLIC)
        return response

    return wrapper

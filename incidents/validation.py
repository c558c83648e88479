"""The rules an incident, a source and an attribution must meet, as sentences for editors.

Each check returns {field: sentence}; the services raise them as one
ValidationError before anything is saved, and the admin shows each beside its
field. Typed text is tidied here too (one line where one line belongs, no
control characters anywhere); it is escaped wherever it is shown.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from core.text import one_line
from incidents.countries import COUNTRIES, EUROPE_BOUNDS, in_europe, unknown_codes
from incidents.models import (
    AttributorKind,
    Category,
    Confidence,
    Precision,
    Response,
    Target,
)

Errors = dict[str, str]


def latest_allowed_day() -> date:
    """Today somewhere in Europe: the calendar day in the easternmost time zone the record
    covers (UTC+4), so an editor in London can record what happened in Moscow at 01:00."""
    return (timezone.now() + timedelta(hours=4)).date()


def text_block(value: Any) -> str:
    """Paragraphs of plain text: each line on its own, control characters gone, at most one
    blank line between paragraphs."""
    lines = [one_line(line) for line in str(value or "").splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def tidy_line(value: Any) -> str:
    return one_line(str(value or ""))


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _when(errors: Errors, field: str, value: Any, label: str) -> date | None:
    try:
        day = _as_date(value)
    except ValueError:
        errors[field] = f"The {label} is not a date (use YYYY-MM-DD)."
        return None
    if day is not None and day > latest_allowed_day():
        errors[field] = f"The {label} is in the future: record only what has happened."
    return day


def _coordinate(errors: Errors, field: str, value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors[field] = f"The {field} is not a number."
        return None
    if not number.is_finite():
        errors[field] = f"The {field} is not a number."
        return None
    return number.quantize(Decimal("0.00001"))


def check_incident(
    fields: dict[str, Any], countries: list[str]
) -> tuple[dict[str, Any], list[str], Errors]:
    """An incident's fields and country codes, tidied, with a sentence for each problem."""
    errors: Errors = {}
    tidy: dict[str, Any] = dict(fields)
    for name in ("title", "place"):
        if name in tidy:
            tidy[name] = tidy_line(tidy[name])
    for name in ("account", "damage"):
        if name in tidy:
            tidy[name] = text_block(tidy[name])
    if "title" in tidy and not tidy["title"]:
        errors["title"] = "Give the incident a title."
    if "account" in tidy and not tidy["account"]:
        errors["account"] = "Write a short account of what happened."
    if "category" in tidy and tidy["category"] not in Category.values:
        errors["category"] = "Choose a category from the list."
    if tidy.get("target") and tidy["target"] not in Target.values:
        errors["target"] = "Choose a target type from the list, or leave it empty."
    if "precision" in tidy and tidy["precision"] not in Precision.values:
        errors["precision"] = "Say whether the day or only the month is known."
    if "responses" in tidy:
        tags = list(dict.fromkeys(tidy["responses"] or []))
        unknown = [tag for tag in tags if tag not in Response.values]
        if unknown:
            errors["responses"] = f"Unknown response: {', '.join(map(str, unknown))}."
        tidy["responses"] = [tag for tag in Response.values if tag in tags]  # a fixed order

    started = _when(errors, "started_on", tidy.get("started_on"), "start date")
    ended = _when(errors, "ended_on", tidy.get("ended_on"), "end date")
    if "started_on" in tidy and started is None and "started_on" not in errors:
        errors["started_on"] = "Give the day (or month) the incident began."
    if tidy.get("precision") == Precision.MONTH:
        # Month only: the stored day is the first, so sorting and the timeline agree.
        started = started.replace(day=1) if started else None
        ended = ended.replace(day=1) if ended else None
    if started and ended and ended < started:
        errors["ended_on"] = "The end date is before the start date."
    if "started_on" in tidy:
        tidy["started_on"], tidy["ended_on"] = started, ended

    if "latitude" in tidy or "longitude" in tidy:
        lat = _coordinate(errors, "latitude", tidy.get("latitude"))
        lon = _coordinate(errors, "longitude", tidy.get("longitude"))
        if (lat is None) != (lon is None) and not errors.keys() & {"latitude", "longitude"}:
            errors["longitude" if lon is None else "latitude"] = (
                "Give both latitude and longitude, or neither."
            )
        elif lat is not None and lon is not None and not in_europe(float(lat), float(lon)):
            b = EUROPE_BOUNDS
            errors["latitude"] = (
                f"Those coordinates ({lat}, {lon}) are outside Europe (latitude {b['south']} "
                f"to {b['north']}, longitude {b['west']} to {b['east']}): check the signs "
                "and that latitude comes first."
            )
        tidy["latitude"], tidy["longitude"] = lat, lon

    for name in ("killed", "injured"):
        value = tidy.get(name)
        if value not in (None, "") and (not str(value).isdigit()):
            errors[name] = "A whole number of people, or empty if not known."
        elif name in tidy:
            tidy[name] = int(value) if value not in (None, "") else None

    codes = list(dict.fromkeys(str(c).strip().upper() for c in countries if str(c).strip()))
    unknown = unknown_codes(codes)
    if unknown:
        errors["countries"] = (
            f"Unknown country code {', '.join(unknown)}: use a two-letter ISO 3166-1 code from "
            f"the list ({len(COUNTRIES)} European countries)."
        )
    elif not codes:
        errors["countries"] = "Name at least one country where it happened."
    return tidy, codes, errors


def check_source(
    *, link: Any, publisher: str, title: str, published_on: Any
) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    tidy = {
        "publisher": tidy_line(publisher),
        "title": tidy_line(title),
        "published_on": _when(errors, "published_on", published_on, "source's date"),
    }
    if link is not None:
        # The link's own words, so the source still says what it was if the link goes.
        tidy["title"] = tidy["title"] or tidy_line(link.title)
        if not tidy["publisher"] and link.outlet_id:
            tidy["publisher"] = tidy_line(link.outlet.name)
        if tidy["published_on"] is None and link.source_published_at:
            tidy["published_on"] = timezone.localdate(link.source_published_at)
        return tidy, errors
    if not tidy["publisher"]:
        errors["publisher"] = "Name who published it (an outlet, a ministry, NATO…)."
    if not tidy["title"]:
        errors["title"] = "Give the source's title or describe it in a few words."
    if tidy["published_on"] is None and "published_on" not in errors:
        errors["published_on"] = (
            "Give the day it was published: a source without a link must be named and dated."
        )
    return tidy, errors


def check_attribution(fields: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    tidy = {
        "by_kind": fields.get("by_kind") or "",
        "by_name": tidy_line(fields.get("by_name")),
        "to_state": tidy_line(fields.get("to_state")).upper(),
        "to_actor": tidy_line(fields.get("to_actor")),
        "confidence": fields.get("confidence") or "",
        "source_note": tidy_line(fields.get("source_note")),
    }
    tidy["stated_on"] = _when(errors, "stated_on", fields.get("stated_on"), "attribution's date")
    if not tidy["by_name"]:
        errors["by_name"] = "Say who made the attribution (a government, NATO, a court…)."
    if tidy["by_kind"] not in AttributorKind.values:
        errors["by_kind"] = "Choose what kind of body made the attribution."
    if tidy["stated_on"] is None and "stated_on" not in errors:
        errors["stated_on"] = "Say when the attribution was made."
    if tidy["confidence"] not in Confidence.values:
        errors["confidence"] = "Choose how firm the attribution is."
    if tidy["to_state"] and tidy["to_state"] not in COUNTRIES:
        errors["to_state"] = f"Unknown country code {tidy['to_state']}: name others in detail."
    names_someone = bool(tidy["to_state"] or tidy["to_actor"])
    if tidy["confidence"] == Confidence.UNATTRIBUTED:
        if names_someone:
            errors["confidence"] = "An unattributed record names nobody: clear “to whom”."
    elif tidy["confidence"] in Confidence.values and not names_someone:
        errors["to_state"] = "Say to whom it was attributed (a state, or in detail)."
    return tidy, errors

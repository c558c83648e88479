"""Incident counts for the verdict's indicators: "14 in the last 90 days, 3 officially
attributed to Russia", with a link to exactly those incidents.

An indicator names its incidents with a query string in the filters' own
words ("category=drone_incursion&category=airspace_aircraft&nato=1"); every
indicator's count comes from one aggregate query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import QueryDict

from incidents.filters import FILTER_NAMES, filter_form, filter_q, query_string
from incidents.models import Confidence, Incident

WINDOW_DAYS = 90
# Whose attribution the count names: the record is about incidents linked to Russia.
ATTRIBUTED_STATE, ATTRIBUTED_NAME = "RU", "Russia"


def parse_query(text: str) -> tuple[dict[str, Any], list[str]]:
    """An indicator's query string as filters, or the sentences saying what is wrong."""
    data = QueryDict(text.strip().lstrip("?"))
    unknown = sorted(set(data) - set(FILTER_NAMES))
    if unknown:
        return {}, [f"Unknown filter {', '.join(unknown)}: use {', '.join(FILTER_NAMES)}."]
    form = filter_form(data)
    if not form.is_valid():
        return {}, [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return form.active, []


@dataclass(frozen=True)
class IncidentCount:
    total: int
    official: int
    days: int
    url: str

    @property
    def words(self) -> str:
        incidents = "incident" if self.total == 1 else "incidents"
        return (
            f"{self.total} {incidents} in the last {self.days} days, {self.official} "
            f"officially attributed to {ATTRIBUTED_NAME}"
        )


def count_for(
    queries: dict[Any, str], *, today: date, days: int = WINDOW_DAYS
) -> dict[Any, IncidentCount]:
    """For each key's query: published incidents going on in the last `days` days (today
    included), and how many of them are officially attributed to Russia now."""
    since = today - timedelta(days=days - 1)
    wanted: dict[Any, str] = {}  # key -> its filters as a query string
    filters: dict[str, dict[str, Any]] = {}  # each distinct query string -> its filters
    for key, text in queries.items():
        active, errors = parse_query(text or "")
        if text and not errors:
            active = {**active, "since": since}
            wanted[key] = query_string(active)
            filters[wanted[key]] = active
    if not filters:
        return {}
    # Each query's condition is worked out per incident first (its Exists() refer to the
    # incident row), then counted: Django cannot aggregate over those conditions directly.
    numbered = list(filters)
    official = Q(current_confidence=Confidence.OFFICIAL, current_state=ATTRIBUTED_STATE)
    matches = {
        f"match_{n}": ExpressionWrapper(filter_q(filters[q]), output_field=BooleanField())
        for n, q in enumerate(numbered)
    }
    rows = (
        Incident.objects.published()
        .with_current_attribution()
        .annotate(**matches, is_official=ExpressionWrapper(official, output_field=BooleanField()))
    )
    aggregates = {}
    for n in range(len(numbered)):
        aggregates[f"total_{n}"] = Count("pk", filter=Q(**{f"match_{n}": True}))
        aggregates[f"official_{n}"] = Count(
            "pk", filter=Q(**{f"match_{n}": True, "is_official": True})
        )
    counted = rows.aggregate(**aggregates)
    position = {query: n for n, query in enumerate(numbered)}
    return {
        key: IncidentCount(
            total=counted[f"total_{position[query]}"],
            official=counted[f"official_{position[query]}"],
            days=days,
            url=f"/incidents/?{query}",
        )
        for key, query in wanted.items()
    }

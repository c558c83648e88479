"""Incident counts for the verdict's indicators: "14 in the last 90 days, 3 officially
attributed to Russia · 40 since the record began", with a link to exactly those
incidents, and whether an indicator's chip agrees with them.

An indicator names its incidents with a query string in the filters' own
words ("category=drone_incursion&category=airspace_aircraft&nato=1"); every
indicator's count comes from one aggregate query, over the incidents some
indicator names (not the whole record).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import QueryDict

from incidents.filters import FILTER_NAMES, apply_filters, filter_form, filter_q, query_string
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
    # Since the record began (the same filters, no window): what a chip naming a past
    # month or years ("Yes, in September 2025") is read against.
    ever: int = 0
    ever_url: str = ""

    @property
    def window_words(self) -> str:
        incidents = "incident" if self.total == 1 else "incidents"
        return (
            f"{self.total} {incidents} in the last {self.days} days, {self.official} "
            f"officially attributed to {ATTRIBUTED_NAME}"
        )

    @property
    def ever_words(self) -> str:
        return f"{self.ever} since the record began"

    @property
    def words(self) -> str:
        return f"{self.window_words} · {self.ever_words}"


def count_for(
    queries: dict[Any, str], *, today: date, days: int = WINDOW_DAYS
) -> dict[Any, IncidentCount]:
    """For each key's query: published incidents going on in the last `days` days (today
    included), and how many of them are officially attributed to Russia now."""
    since = today - timedelta(days=days - 1)
    wanted: dict[Any, str] = {}  # key -> its filters as a query string
    filters: dict[str, dict[str, Any]] = {}  # each distinct query string -> its filters
    ever: dict[str, dict[str, Any]] = {}  # the same, without the window
    for key, text in queries.items():
        active, errors = parse_query(text or "")
        if text and not errors:
            windowed = {**active, "since": since}
            wanted[key] = query_string(windowed)
            filters[wanted[key]] = windowed
            ever[wanted[key]] = active
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
    matches_ever = {
        f"ever_{n}": ExpressionWrapper(filter_q(ever[q]), output_field=BooleanField())
        for n, q in enumerate(numbered)
    }
    # Only the incidents some indicator names are read (their categories and countries,
    # by the indexes), not the whole record.
    named = Q()
    if all(ever[query] for query in numbered):  # a query with no filter names them all
        for query in numbered:
            named |= filter_q(ever[query])
    rows = (
        Incident.objects.published()
        .with_current_attribution()
        .filter(named)
        .annotate(
            **matches,
            **matches_ever,
            is_official=ExpressionWrapper(official, output_field=BooleanField()),
        )
    )
    aggregates = {}
    for n in range(len(numbered)):
        aggregates[f"total_{n}"] = Count("pk", filter=Q(**{f"match_{n}": True}))
        aggregates[f"official_{n}"] = Count(
            "pk", filter=Q(**{f"match_{n}": True, "is_official": True})
        )
        aggregates[f"since_start_{n}"] = Count("pk", filter=Q(**{f"ever_{n}": True}))
    counted = rows.aggregate(**aggregates)
    position = {query: n for n, query in enumerate(numbered)}
    return {
        key: IncidentCount(
            total=counted[f"total_{position[query]}"],
            official=counted[f"official_{position[query]}"],
            days=days,
            url=f"/incidents/?{query}",
            ever=counted[f"since_start_{position[query]}"],
            ever_url=f"/incidents/?{query_string(ever[query])}",
        )
        for key, query in wanted.items()
    }


_MONTH = re.compile(r"\b(" + "|".join(calendar.month_name[1:]) + r")\s+((?:19|20)\d\d)\b")
_YEARS = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def period_named(label: str) -> tuple[date, date, str] | None:
    """The month or years a chip's words name (“Yes, in September 2025”, “Attributed
    cases, 2024-2025”), as first day, last day and the words; None for the present."""
    if found := _MONTH.search(label):
        year, month = int(found[2]), list(calendar.month_name).index(found[1])
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), found[0]
    if found := _YEARS.search(label):
        return date(int(found[1]), 1, 1), date(int(found[2]), 12, 31), found[0]
    if found := _YEAR.search(label):
        return date(int(found[1]), 1, 1), date(int(found[1]), 12, 31), found[0]
    return None


def _count_between(active: dict[str, Any], since: date, until: date) -> int:
    within = {**active, "since": since, "until": until}
    return apply_filters(Incident.objects.published(), within).count()


def disagreements(
    *, label: str, says_yes: bool, query: str, today: date, days: int = WINDOW_DAYS
) -> list[str]:
    """Why a chip's words and the record it counts disagree, for the editor; none if they
    agree. A chip naming a month or years is read against the record in that period; one
    in the present tense (“Yes”, “Ongoing”, “No”) against the last `days` days."""
    active, errors = parse_query(query or "")
    if not query or errors:
        return []
    period = period_named(label)
    if period is not None:
        first, last, words = period
        found = _count_between(active, first, min(last, today))
        if says_yes and not found:
            return [
                f"The chip says “{label}”, but the incidents record has no published "
                f"incident matching its query in {words}: add the incidents, or change "
                "the chip."
            ]
        return []
    found = _count_between(active, today - timedelta(days=days - 1), today)
    if says_yes and not found:
        return [
            f"The chip says “{label}”, but the incidents record has no published incident "
            f"matching its query in the last {days} days: add the incidents, or say when "
            "it happened (e.g. “Yes, in September 2025”)."
        ]
    if not says_yes and found:
        return [
            f"The chip says “{label}”, but the incidents record has {found} published "
            f"incident{'s' if found != 1 else ''} matching its query in the last {days} "
            "days: check the chip against them."
        ]
    return []

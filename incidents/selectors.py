"""What the incidents pages read: the filtered list, monthly counts, counts per country.

Each is a fixed number of queries whatever the size of the record: the list
pages through rows with their related rows prefetched, and the timeline and
the map are aggregate queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.db.models import Count, Model
from django.db.models.functions import TruncMonth

from incidents.filters import apply_filters
from incidents.models import (
    Attribution,
    Category,
    Correction,
    Incident,
    IncidentCountry,
    IncidentQuerySet,
    IncidentState,
    Source,
)

TIMELINE_MONTHS = 24


def incident_list(active: dict[str, Any]) -> IncidentQuerySet:
    """Published incidents matching the filters, newest first, ready to show."""
    published = Incident.objects.published()
    return apply_filters(published, active).for_display().newest_first()


@dataclass(frozen=True)
class IncidentRows:
    """One incident and its related rows, as the CSV writes them."""

    incident: Incident
    countries: list[IncidentCountry]  # by code
    attributions: list[Attribution]  # newest first
    sources: list[Source]  # oldest first
    corrections: int


M = TypeVar("M", bound=Model)


def _by_incident(rows: Iterable[M]) -> dict[int, list[M]]:
    grouped: dict[int, list[M]] = defaultdict(list)
    for row in rows:
        grouped[row.incident_id].append(row)
    return grouped


# A small first batch, so a download's first rows leave at once; then full batches.
FIRST_BATCH = 250


def published_in_batches(size: int = 1000) -> Iterator[IncidentRows]:
    """Every published incident, by id, with its related rows: five queries per batch
    (the first of FIRST_BATCH incidents, then of `size`), and no more than one batch in
    memory, however long the record.

    Related rows are grouped here rather than by prefetch_related, which builds a
    queryset for every incident it fills: at 10,000 incidents that was most of the
    CSV's time. Batches follow the id (keyset, not OFFSET), so each costs the same.
    """
    last, limit = 0, min(size, FIRST_BATCH)
    while batch := list(Incident.objects.published().filter(pk__gt=last).order_by("pk")[:limit]):
        # The batch's id range rather than a list of a thousand ids (cheaper to send and
        # to plan); rows of drafts in the range are fetched but never looked up.
        ids = {"incident__gt": last, "incident__lte": batch[-1].pk}
        countries = _by_incident(IncidentCountry.objects.filter(**ids).order_by("code"))
        attributions = _by_incident(Attribution.objects.filter(**ids).newest_first())
        sources = _by_incident(
            Source.objects.filter(**ids).select_related("link").order_by("published_on", "id")
        )
        corrections = dict(
            Correction.objects.filter(**ids)
            .values_list("incident")
            .annotate(n=Count("id"))
            .order_by()
        )
        for incident in batch:
            yield IncidentRows(
                incident,
                countries.get(incident.pk, []),
                attributions.get(incident.pk, []),
                sources.get(incident.pk, []),
                corrections.get(incident.pk, 0),
            )
        last, limit = batch[-1].pk, size


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Month:
    start: date
    counts: dict[str, int] = field(default_factory=dict)  # category -> incidents

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def breakdown(self) -> list[tuple[str, str, int]]:
        """(category, label, count) in the fixed category order, non-zero only."""
        return [(c.value, c.label, self.counts[c.value]) for c in Category if self.counts.get(c)]


def timeline(today: date, months: int = TIMELINE_MONTHS) -> list[Month]:
    """Published incidents that began in each of the last `months` months (this one
    included), by category: one aggregate query."""
    first = add_months(month_start(today), -(months - 1))
    rows = (
        Incident.objects.published()
        .filter(started_on__gte=first, started_on__lte=today)
        .annotate(month=TruncMonth("started_on"))
        .values("month", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_month = {add_months(first, i): Month(add_months(first, i)) for i in range(months)}
    for row in rows:
        start = row["month"]
        if isinstance(start, datetime):  # some databases truncate a date to a datetime
            start = start.date()
        if start in by_month:
            by_month[start].counts[row["category"]] = row["n"]
    return list(by_month.values())


def counts_by_country() -> dict[str, int]:
    """Published incidents per country code, all time: one aggregate query."""
    rows = (
        IncidentCountry.objects.filter(incident__state=IncidentState.PUBLISHED)
        .values("code")
        .annotate(n=Count("incident", distinct=True))
        .order_by()
    )
    return {row["code"]: row["n"] for row in rows}

"""What the incidents pages read: the filtered list, monthly counts, counts per country.

Each is a fixed number of queries whatever the size of the record: the list
pages through rows with their related rows prefetched, and the timeline and
the map are aggregate queries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Case, Count, F, IntegerField, TextField, Value, When, Window
from django.db.models.functions import Cast, RowNumber, TruncMonth

from incidents.filters import apply_filters
from incidents.models import (
    INCIDENT_FIELDS,
    Attribution,
    Category,
    Confidence,
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


# What the CSV reads of each incident, in this order (`values_list`: plain values, no
# model instances, which cost most of a row's time at 10,000 rows). The responses and
# the two timestamps come as the database's text: see `csv_tags` and `csv_timestamp`.
CSV_INCIDENT_FIELDS = (
    "pk",
    *("responses_text" if name == "responses" else name for name in INCIDENT_FIELDS),
    "published_text",
    "updated_text",
)
_AS_TEXT = {
    "responses_text": Cast("responses", TextField()),
    "published_text": Cast("published_at", TextField()),
    "updated_text": Cast("updated_at", TextField()),
}


def csv_tags(text: str) -> list[str]:
    """The responses from their JSON text (most incidents have none: no parsing then)."""
    return [] if text == "[]" else json.loads(text)


def csv_timestamp(text: str | None) -> datetime | None:
    """A timestamp, in UTC, from the database's text: PostgreSQL's ends in its offset,
    SQLite's has none and is UTC. Parsing it here is several times quicker than the
    driver's own loader, which at 20,000 timestamps was a tenth of the file."""
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class CsvBatch:
    """A batch of published incidents (CSV_INCIDENT_FIELDS tuples, by id) and, keyed by
    incident id, their related rows as plain values."""

    incidents: list[tuple[Any, ...]]
    countries: dict[int, list[tuple[str, bool]]]  # (code, nato_member), by code
    # The newest attribution: (confidence, by_name, to_state, to_actor, stated_on).
    attributions: dict[int, tuple[Any, ...]]
    attribution_counts: dict[int, int]
    # (publisher, title, published_on, link state, link url), oldest first.
    sources: dict[int, list[tuple[Any, ...]]]
    corrections: dict[int, int]
    # Each denial: (by_name, stated_on), oldest first.
    denials: dict[int, list[tuple[str, date]]] = field(default_factory=dict)


# A small first batch, so a download's first rows leave at once; then full batches.
FIRST_BATCH = 250


@dataclass(frozen=True)
class IdRange:
    """The published incidents with after < id <= upto (no upper end if upto is None)."""

    after: int
    upto: int | None

    def of(self, incidents: IncidentQuerySet) -> IncidentQuerySet:
        within = incidents.filter(pk__gt=self.after)
        return within if self.upto is None else within.filter(pk__lte=self.upto)

    def related(self) -> dict[str, int]:
        """The filter for rows of the incidents in range, by the range of ids rather than
        a list of them (cheaper to send and to plan); rows of drafts in the range are
        fetched but never looked up."""
        ids = {"incident__gt": self.after}
        return ids if self.upto is None else {**ids, "incident__lte": self.upto}


def csv_ranges(size: int = 2000) -> Iterator[IdRange]:
    """The record in ranges of ids of `size` published incidents (the first of
    FIRST_BATCH): one query each, for the id that ends it. Ranges follow the id (keyset,
    not OFFSET over the whole record), so each costs the same; the last is open-ended."""
    after, size_now = 0, min(size, FIRST_BATCH)
    published = Incident.objects.published().order_by("pk").values_list("pk", flat=True)
    while True:
        upto = next(iter(published.filter(pk__gt=after)[size_now - 1 : size_now]), None)
        yield IdRange(after, upto)
        if upto is None:
            return
        after, size_now = upto, size


def csv_batch(incidents: IncidentQuerySet, related: dict[str, Any]) -> CsvBatch:
    """These incidents (CSV_INCIDENT_FIELDS tuples, by id) with their related rows, those
    matching `related` (a range or a list of their ids): five queries, whatever their
    number. Each related table is read once as plain values and grouped here (not by
    prefetch_related, which builds a queryset per incident)."""
    batch = list(incidents.annotate(**_AS_TEXT).order_by("pk").values_list(*CSV_INCIDENT_FIELDS))
    countries: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for incident, code, nato in (
        IncidentCountry.objects.filter(**related)
        .order_by("incident", "code")
        .values_list("incident", "code", "nato_member")
    ):
        countries[incident].append((code, nato))
    # Each incident's newest attribution that is not a denial, every denial, and how
    # many records it has, counted in the database: a row per incident and per denial,
    # not one per attribution. Each denial is a partition of its own, so it is "newest".
    per_incident = {"partition_by": [F("incident")]}
    own_partition = Case(
        When(confidence=Confidence.DENIED, then=F("id")),
        default=Value(0),
        output_field=IntegerField(),
    )
    newest_first = ["-stated_on", "-recorded_at", "-id"]  # as Attribution.newest_first()
    newest = Window(RowNumber(), order_by=newest_first, partition_by=[F("incident"), own_partition])
    latest: dict[int, tuple[Any, ...]] = {}
    denials: dict[int, list[tuple[str, date]]] = defaultdict(list)
    counts: dict[int, int] = {}
    for incident, records, *attribution in (
        Attribution.objects.filter(**related)
        .annotate(newest=newest, records=Window(Count("id"), **per_incident))
        .filter(newest=1)
        .order_by("incident", "stated_on", "id")
        .values_list(
            "incident", "records", "confidence", "by_name", "to_state", "to_actor", "stated_on"
        )
    ):
        if attribution[0] == Confidence.DENIED:
            denials[incident].append((attribution[1], attribution[4]))
        else:
            latest[incident] = tuple(attribution)
        counts[incident] = records
    corrections = dict(
        Correction.objects.filter(**related)
        .values_list("incident")
        .annotate(n=Count("id"))
        .order_by()
    )
    return CsvBatch(
        batch, countries, latest, counts, csv_sources(related), corrections, dict(denials)
    )


def csv_sources(related: dict[str, Any]) -> dict[int, list[tuple[Any, ...]]]:
    """The sources of the incidents `related` names, oldest first, as plain values."""
    sources: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in (
        Source.objects.filter(**related)
        .order_by("incident", "published_on", "id")
        .values_list("incident", "publisher", "title", "published_on", "link__state", "link__url")
    ):
        sources[row[0]].append(row[1:])
    return sources


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

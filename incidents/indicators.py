"""Incident counts for the verdict's indicators: "14 in the last 90 days, 3 officially
attributed to Russia · 40 since the record began", with a link to exactly those
incidents, and whether an indicator's chip agrees with them.

An indicator names its incidents with a query string in the filters' own
words ("category=drone_incursion&category=airspace_aircraft&nato=1"), parsed once per
query string. Every indicator's counts come from one statement whose window counts
read the last 90 days' incidents alone, by an index (issue 34: the home page's render
must not grow with the record).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import F, Func, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from incidents.filters import FILTER_NAMES, apply_filters, filter_form, query_string
from incidents.models import Incident, RecordChange

WINDOW_DAYS = 90
# Whose attribution the count names: the record is about incidents linked to Russia.
ATTRIBUTED_STATE, ATTRIBUTED_NAME = "RU", "Russia"


def parse_query(text: str) -> tuple[dict[str, Any], list[str]]:
    """An indicator's query string as filters, or the sentences saying what is wrong."""
    active, errors = _parsed(text.strip().lstrip("?"), translation.get_language())
    # A fresh dict (and lists) each time: callers add the window to it.
    return {k: list(v) if isinstance(v, tuple) else v for k, v in active}, list(errors)


@lru_cache(maxsize=256)
def _parsed(text: str, language: str | None) -> tuple[tuple[tuple[str, Any], ...], tuple[str, ...]]:
    """Parsed once per query string (and language, which the error sentences are in):
    reading five queries through the filter form on every render was most of the home
    page's time (issue 34). The answer depends on the text alone: the form's choices and
    date formats are fixed."""
    data = QueryDict(text)
    unknown = sorted(set(data) - set(FILTER_NAMES))
    if unknown:
        return (), (f"Unknown filter {', '.join(unknown)}: use {', '.join(FILTER_NAMES)}.",)
    form = filter_form(data)
    if not form.is_valid():
        return (), tuple(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
    frozen = ((k, tuple(v) if isinstance(v, list) else v) for k, v in form.active.items())
    return tuple(frozen), ()


@dataclass(frozen=True)
class IncidentCount:
    total: int
    official: int
    days: int
    query: str
    # Since the record began (the same filters, no window): what a chip naming a past
    # month or years ("Yes, in September 2025") is read against.
    ever: int = 0
    ever_query: str = ""

    # The links are made when read, in the reader's language (/pl/incidents/?...): the
    # counts may be shared by every language's render.
    @property
    def url(self) -> str:
        return f"{reverse('incidents:list')}?{self.query}"

    @property
    def ever_url(self) -> str:
        return f"{reverse('incidents:list')}?{self.ever_query}"

    @property
    def window_words(self) -> str:
        return ngettext(
            "%(total)d incident in the last %(days)d days, %(official)d officially "
            "attributed to Russia",
            "%(total)d incidents in the last %(days)d days, %(official)d officially "
            "attributed to Russia",
            self.total,
        ) % {"total": self.total, "days": self.days, "official": self.official}

    @property
    def ever_words(self) -> str:
        return gettext("%(ever)d since the record began") % {"ever": self.ever}

    @property
    def words(self) -> str:
        return f"{self.window_words} · {self.ever_words}"


def count_for(
    queries: dict[Any, str], *, today: date, days: int = WINDOW_DAYS
) -> dict[Any, IncidentCount]:
    """For each key's query: published incidents going on in the last `days` days (today
    included), how many of them are officially attributed to Russia now, and how many
    match since the record began; all in one statement."""
    since = today - timedelta(days=days - 1)
    wanted: dict[Any, str] = {}  # key -> its filters and window as a query string
    ever: dict[str, str] = {}  # each of those -> its filters alone (no window)
    for key, text in queries.items():
        if not text:
            continue
        active, errors = parse_query(text)
        if not errors:
            wanted[key] = query_string({**active, "since": since})
            ever[wanted[key]] = query_string(active)
    if not ever:
        return {}
    keys = [
        key
        for windowed, query in ever.items()
        for key in ((windowed, "window"), (windowed, "official"), (query, "ever"))
    ]
    token, counted = _counts_at_once(
        _statement(tuple(ever.values()), since), [_HELD.get(key) for key in keys]
    )
    if token is not None:
        if len(_HELD) >= 256:  # yesterday's windows and queries no indicator names any more
            _HELD.clear()
        _HELD.update({key: (token, n) for key, n in zip(keys, counted, strict=True)})
    found = {windowed: tuple(counted[3 * n : 3 * n + 3]) for n, windowed in enumerate(ever.keys())}
    return {
        key: IncidentCount(
            total=found[windowed][0],
            official=found[windowed][1],
            days=days,
            query=windowed,
            ever=found[windowed][2],
            ever_query=ever[windowed],
        )
        for key, windowed in wanted.items()
    }


# (a count's filters, which count) -> (the record's token when counted, the count). Per
# process, three entries per indicator query; a stale one is never read, as the token
# changes with every write to the incidents (see `RecordChange`), and a window's filters
# name its first day.
_HELD: dict[tuple[str, str], tuple[str, int]] = {}

Part = tuple[str, tuple[Any, ...]]  # a scalar subquery's SQL and its parameters


def forget() -> None:
    """Drop the counts this process holds (the tests: one test's record is not the next's)."""
    _HELD.clear()


def _sql(queryset: QuerySet) -> Part:
    sql, params = queryset.query.sql_with_params()
    return f"({sql})", tuple(params)


@lru_cache(maxsize=32)
def _statement(queries: tuple[str, ...], since: date) -> tuple[Part, list[Part]]:
    """The record's token, then for each query (filters without the window) its count in
    the window, the official ones among them, and its count since the record began: SQL
    made once a day per set of queries (building it through the ORM cost more than
    running it)."""
    published = Incident.objects.published()
    parts = []
    for query in queries:
        active = parse_query(query)[0]
        # The window is in the counts' WHERE, where the index `incident_going_on` finds
        # the last days' incidents alone; the newest attribution is read for those only.
        window = apply_filters(published, {**active, "since": since})
        official = window.officially_attributed_to(ATTRIBUTED_STATE)
        for queryset in (window, official, apply_filters(published, active)):
            count = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT"))
            parts.append(_sql(count.values("n")))
    return _sql(RecordChange.objects.values("token")[:1]), parts


def _counts_at_once(
    statement: tuple[Part, list[Part]], known: list[tuple[str, int] | None]
) -> tuple[str | None, list[int]]:
    """The record's token and each count, in one statement of scalar subqueries (one
    round trip however many indicators count incidents). A count `known` holds under the
    token the statement reads is not run again (the database skips a subquery a CASE
    does not take) but taken from `known`: while the record is unchanged, a render reads
    the token alone (and, when it has changed, then sends the counts: two round trips)."""
    (token_sql, token_params), counts = statement
    tokens = {held[0] if held else None for held in known}
    if len(tokens) == 1 and None not in tokens:
        # All held under one token: read the token alone first. Sent with the counts,
        # the statement would be planned whole every time (1.5 ms with a long record),
        # though the database runs none of them while the record is unchanged.
        with connections[Incident.objects.db].cursor() as cursor:
            cursor.execute(token_sql[1:-1], token_params)
            row = cursor.fetchone()
        if row is not None and row[0] in tokens:
            return row[0], [held[1] for held in known]
    parts, params = [token_sql], [*token_params]
    for (sql, part_params), held in zip(counts, known, strict=True):
        if held is None:
            parts.append(sql)
            params += part_params
        else:
            parts.append(f"CASE WHEN {token_sql} = %s THEN NULL ELSE {sql} END")
            params += [*token_params, held[0], *part_params]
    with connections[Incident.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        token, *counted = cursor.fetchone()
    return token, [held[1] if n is None else int(n) for n, held in zip(counted, known, strict=True)]


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

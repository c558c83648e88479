"""The readers' filters on the incidents list, as a GET form (no JavaScript needed).

The same form reads an indicator's incident query (status ties an indicator to
the record with a query string such as "category=drone_incursion&nato=1"), so a
filter means one thing wherever it is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import GreaterThanOrEqual
from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.query import QueryParameter
from incidents.countries import CHOICES as COUNTRY_CHOICES
from incidents.models import (
    Category,
    Confidence,
    IncidentCountry,
    IncidentQuerySet,
    going_on_until,
)

FILTER_NAMES = ("country", "category", "attribution", "since", "until", "nato")


class OneOrMoreSelect(forms.SelectMultiple):
    """A plain drop-down for readers that still reads a repeated parameter, so a link (an
    indicator's) can ask for several categories at once."""

    allow_multiple_selected = False


class IncidentFilterForm(forms.Form):
    country = forms.ChoiceField(
        required=False, choices=[("", _("Any country")), *COUNTRY_CHOICES], label=_("Country")
    )
    category = forms.MultipleChoiceField(
        required=False,
        choices=[("", _("Any category")), *Category.choices],
        label=_("Category"),
        widget=OneOrMoreSelect,
    )
    attribution = forms.ChoiceField(
        required=False,
        # A denial is never an incident's latest attribution, so it is no filter.
        choices=[("", _("Any attribution")), *(c for c in Confidence.choices if c[0] != "denied")],
        label=_("Attribution (the latest)"),
    )
    since = forms.DateField(
        required=False,
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        required=False,
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    nato = forms.BooleanField(required=False, label=_("In NATO member countries only"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The “to” date is before the “from” date."))
        return cleaned

    def clean_category(self) -> list[str]:
        # Sorted and once each: one set of categories is one query string, one cached page.
        return sorted({c for c in self.cleaned_data.get("category") or [] if c})

    @property
    def active(self) -> dict[str, Any]:
        """The filters in use, with their values (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False, [])}


def filter_form(data: QueryDict) -> IncidentFilterForm:
    """A bound form on only the filter parameters (a `page` or a stray parameter is not
    an error)."""
    kept = QueryDict(mutable=True)
    for name in FILTER_NAMES:
        values = [value for value in data.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return IncidentFilterForm(kept)


def filter_q(active: dict[str, Any]) -> Q:
    """The filters as one condition on incidents annotated `with_current_attribution()`."""
    q = Q()
    if code := active.get("country"):
        q &= Q(Exists(IncidentCountry.objects.filter(incident=OuterRef("pk"), code=code)))
    if active.get("nato"):
        q &= Q(Exists(IncidentCountry.objects.filter(incident=OuterRef("pk"), nato_member=True)))
    if categories := active.get("category"):
        q &= Q(category__in=categories)
    if confidence := active.get("attribution"):
        q &= Q(current_confidence=confidence)
    if since := active.get("since"):
        # Anything going on in the range counts, so an incident that began before it and
        # ended inside it is shown too: its last day (the first, if it has no end) is in
        # the range. Written as that one expression, the index `incident_going_on` finds
        # the range's incidents without reading the rest of the record.
        q &= Q(GreaterThanOrEqual(going_on_until(), since))
    if until := active.get("until"):
        q &= Q(started_on__lte=until)
    return q


def apply_filters(incidents: IncidentQuerySet, active: dict[str, Any]) -> IncidentQuerySet:
    if active.get("attribution"):
        incidents = incidents.with_current_attribution()
    return incidents.filter(filter_q(active))


def query_string(active: dict[str, Any], **extra: Any) -> str:
    """The filters as a query string for links (stable order, so equal filters give one URL)."""
    pairs = []
    for name in FILTER_NAMES:
        value = active.get(name)
        if value in (None, "", False):
            continue
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, date):
                one = one.isoformat()
            pairs.append((name, "1" if one is True else one))
    pairs += [(k, v) for k, v in extra.items() if v not in (None, "")]
    return urlencode(pairs)


@dataclass(frozen=True)
class FilterParameters(QueryParameter[str]):
    """Every filter at once, as the page cache keys the list on them: read by the very
    form the view reads them with, as the canonical query string (so "nato=on" and
    "nato=1" are one cached page, and "?country=PL&country=" is not the unfiltered list).
    Invalid filters are no key at all: the view's 400 is never stored."""

    def read(self, request: HttpRequest) -> str:
        form = filter_form(request.GET)
        if not form.is_valid():
            raise Http404("No page answers to those filters.")
        if not _kept_dates(form.active):
            raise NotKept("A page for those dates is rendered each time.")
        return query_string(form.active)


class NotKept(Http404):
    """Not an error: a valid page the page cache does not keep, so no key (the view
    renders it each time). Raised as Http404 because a key reader's Http404 is what
    tells the cache "no key for this request" (core.pagecache.keys)."""


# Dates the page cache keeps a list for: from the 1st of a month, or one whole month (from
# its 1st to its last day), from 2000 to next year, and the indicators' window (the links
# on the home page). Any other date is still answered, rendered each time: every one of
# them kept would let a crawl of `?since=` dates (years 1 to 9999 are valid), or of pairs
# of months (some 50,000 of them), fill the cache without bound.
EARLIEST_KEPT = date(2000, 1, 1)


def _kept_dates(active: dict[str, Any]) -> bool:
    from incidents.indicators import WINDOW_DAYS  # it reads these filters: imported late

    today = timezone.localdate()
    since, until = active.get("since"), active.get("until")
    latest = date(today.year + 1, 12, 31)
    windows = {today - timedelta(days=WINDOW_DAYS - n) for n in (0, 1)}  # today's, yesterday's
    if since and not (since in windows or (since.day == 1 and EARLIEST_KEPT <= since <= latest)):
        return False
    # An end date only closes the month the list starts in.
    return not until or (
        since is not None
        and since.day == 1
        and (until.year, until.month) == (since.year, since.month)
        and (until + timedelta(days=1)).day == 1
    )


FILTERS = FilterParameters("filters", parse=str, default="")

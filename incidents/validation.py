"""The rules an incident, a source and an attribution must meet, as sentences for editors.

An incident's are form fields and validators (`IncidentFields`), which the editors'
form shows and `services.save_incident` applies; a source's and an attribution's checks
return {field: sentence}. The services raise them as one ValidationError before
anything is saved, and the admin shows each beside its field. Typed text is tidied here too (one line where one line belongs, no
control characters anywhere); it is escaped wherever it is shown.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.text import one_line
from incidents.countries import CHOICES as COUNTRY_CHOICES
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


class LineField(forms.CharField):
    """One line of plain text: control characters and line breaks gone."""

    def to_python(self, value: Any) -> str:
        return tidy_line(value)


class TextBlockField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return text_block(value)


class CoordinateField(forms.DecimalField):
    def to_python(self, value: Any) -> Decimal | None:
        number = super().to_python(value)
        return number.quantize(Decimal("0.00001")) if number is not None else None


class CountriesField(forms.MultipleChoiceField):
    """Two-letter codes, however typed, each once; at least one."""

    def to_python(self, value: Any) -> list[str]:
        typed = (str(code).strip().upper() for code in super().to_python(value))
        return list(dict.fromkeys(code for code in typed if code))

    def validate(self, value: list[str]) -> None:
        unknown = unknown_codes(value)
        if unknown:
            raise ValidationError(
                f"Unknown country code {', '.join(unknown)}: use a two-letter ISO 3166-1 "
                f"code from the list ({len(COUNTRIES)} European countries)."
            )
        if not value:
            raise ValidationError("Name at least one country where it happened.")


def _day(label: str, *, required: str = "") -> forms.DateField:
    """A date field that refuses the future; `required` is the sentence when it is empty
    (none: it may be)."""

    def not_in_future(day: date) -> None:
        if day > latest_allowed_day():
            raise ValidationError(f"The {label} is in the future: record only what has happened.")

    words = {"invalid": f"The {label} is not a date (use YYYY-MM-DD).", "required": required}
    return forms.DateField(
        validators=[not_in_future],
        error_messages=words,
        required=bool(required),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _choice(choices: Any, sentence: str, **kwargs: Any) -> forms.ChoiceField:
    words = {"required": sentence, "invalid_choice": sentence}
    return forms.ChoiceField(choices=choices, error_messages=words, **kwargs)


_PEOPLE = {
    "required": False,
    "min_value": 0,
    "error_messages": dict.fromkeys(
        ("invalid", "min_value"), "A whole number of people, or empty if not known."
    ),
}
_NUMBER = {"max_digits": 8, "required": False}


class IncidentFields(forms.Form):
    """An incident's fields (`models.INCIDENT_FIELDS`) and countries, tidied, with a
    sentence for each problem: the rules, which the editors' form shows and
    `services.save_incident` applies to every save."""

    title = LineField(max_length=200, error_messages={"required": "Give the incident a title."})
    account = TextBlockField(
        max_length=3000, error_messages={"required": "Write a short account of what happened."}
    )
    started_on = _day("start date", required="Give the day (or month) the incident began.")
    ended_on = _day("end date")
    precision = _choice(
        Precision.choices, "Say whether the day, only the month or only the year is known."
    )
    place = LineField(max_length=200, required=False)
    latitude = CoordinateField(
        error_messages={"invalid": "The latitude is not a number."}, **_NUMBER
    )
    longitude = CoordinateField(
        error_messages={"invalid": "The longitude is not a number."}, **_NUMBER
    )
    category = _choice(Category.choices, "Choose a category from the list.")
    target = _choice(
        Target.choices, "Choose a target type from the list, or leave it empty.", required=False
    )
    responses = forms.MultipleChoiceField(
        choices=Response.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Unknown response: %(value)s."},
    )
    killed = forms.IntegerField(**_PEOPLE)
    injured = forms.IntegerField(**_PEOPLE)
    damage = TextBlockField(max_length=1000, required=False)
    countries = CountriesField(
        choices=COUNTRY_CHOICES, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def clean_responses(self) -> list[str]:
        chosen = self.cleaned_data["responses"]
        return [tag for tag in Response.values if tag in chosen]  # a fixed order

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("precision") in (Precision.MONTH, Precision.YEAR):
            # Month or year only: the stored day is the first (of the month, or of the
            # year), so sorting and the timeline agree.
            first = {"day": 1} if data["precision"] == Precision.MONTH else {"day": 1, "month": 1}
            for name in ("started_on", "ended_on"):
                if data.get(name):
                    data[name] = data[name].replace(**first)
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end date is before the start date.")
        lat, lon = data.get("latitude"), data.get("longitude")
        if self.errors.keys() & {"latitude", "longitude"}:
            pass
        elif (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            self.add_error(missing, "Give both latitude and longitude, or neither.")
        elif lat is not None and not in_europe(float(lat), float(lon)):
            b = EUROPE_BOUNDS
            self.add_error(
                "latitude",
                f"Those coordinates ({lat}, {lon}) are outside Europe (latitude {b['south']} "
                f"to {b['north']}, longitude {b['west']} to {b['east']}): check the signs "
                "and that latitude comes first.",
            )
        return data


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

"""What the CSV download holds: its columns, which of them are numbers, and the rule
that keeps a typed cell from running as a formula in a spreadsheet. Both writers
(`open_data.csv_rows` and PostgreSQL's `csv_copy`) follow these."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse

CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "account",
    "started_on",
    "ended_on",
    "date_precision",
    "countries",
    "nato_member_countries",
    "place",
    "latitude",
    "longitude",
    "category",
    "target",
    "responses",
    "killed",
    "injured",
    "damage",
    "attribution",
    "attributed_by",
    "attributed_to",
    "attribution_stated_on",
    "attribution_records",
    "sources",
    "corrections",
    "published_at",
    "updated_at",
]

# Cells we write as numbers (a negative longitude stays a number); every other cell is
# words and goes through the formula rule.
NUMBER_COLUMNS = frozenset(
    {"id", "latitude", "longitude", "killed", "injured", "attribution_records", "corrections"}
)

# A cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection"); such a cell gets a leading apostrophe, shown as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """A cell's text. Words (anything typed) that could start a formula are neutralised;
    numbers we write ourselves (a negative longitude) stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


_URL_SENTINEL = 987654321


def page_url_parts() -> tuple[str, str]:
    """An incident page's address before and after its id, so that a row joins strings
    rather than calling reverse() 10,000 times."""
    url = f"{settings.SITE_URL}{reverse('incidents:detail', args=[_URL_SENTINEL])}"
    before, after = url.split(str(_URL_SENTINEL))
    return before, after

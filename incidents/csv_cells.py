"""What the CSV download holds: its columns, which of them are numbers, the rule that
keeps a typed cell from running as a formula in a spreadsheet, and the stamp that says
whether an incident's stored cells are still written as these say."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse

from incidents.countries import CHOICES as COUNTRY_CHOICES
from incidents.models import (
    Category,
    Confidence,
    Precision,
    Response,
    Target,
    public_link_url,
)

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


SOURCES = CSV_COLUMNS.index("sources")


def sources_cell(sources: list[tuple[Any, ...]]) -> str:
    """An incident's sources, one a line: its publisher, title, date and address, each
    only if there is one ((publisher, title, published_on, link state, link url) rows)."""
    return "\n".join(
        " — ".join(
            filter(
                None,
                (
                    publisher,
                    title,
                    published_on.isoformat() if published_on else "",
                    public_link_url(link_state, link_url),
                ),
            )
        )
        for publisher, title, published_on, link_state, link_url in sources
    )


def quoted(cell: str) -> str:
    """One cell as csv.writer writes it (minimal quoting, the default dialect)."""
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


# Raise when `csv_file.csv_rows` writes a cell differently: stored rows carry the stamp
# below, so the old ones are then written afresh until `store_incident_csv` runs.
WRITER_VERSION = 1


def csv_format() -> str:
    """A stamp of everything but an incident's own rows that its stored cells depend on:
    the writer, the columns, the words for every choice, the countries' names, the page
    address. A stored row with another stamp is written afresh (`csv_file.csv_chunks`)."""
    choices = [c.choices for c in (Category, Target, Response, Confidence, Precision)]
    parts = [WRITER_VERSION, CSV_COLUMNS, choices, COUNTRY_CHOICES, page_url_parts(), FORMULA_START]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def csv_line(cells: list[Any]) -> str:
    """Cells as one line of the file, without its end (None empty, numbers as written)."""
    return ",".join(quoted("" if cell is None else str(cell)) for cell in cells)

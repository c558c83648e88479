"""The CSV download: every published incident, a row each, written as it is read and
streamed a range of incidents at a time (`selectors.csv_ranges`), so memory stays flat
however long the record. The shared cache in front keeps the file until the record
changes, and a revisit is a 304 by the content version (`incidents.views`).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from incidents.coverage import coverage_sentence
from incidents.models import (
    INCIDENT_FIELDS,
    Category,
    Confidence,
    Incident,
    Response,
    Target,
    attributed_to_words,
    public_link_url,
)
from incidents.selectors import CsvBatch, csv_batch, csv_ranges, csv_tags, csv_timestamp

# The incident's own fields in the editors' order (the precision named for readers), with
# its countries before the place; then its attribution, sources and history.
_OWN = ["date_precision" if name == "precision" else name for name in INCIDENT_FIELDS]
_PLACE = _OWN.index("place")
CSV_COLUMNS = [
    "id",
    "url",
    *_OWN[:_PLACE],
    "countries",
    "nato_member_countries",
    *_OWN[_PLACE:],
    "attribution",
    "attributed_by",
    "attributed_to",
    "attribution_stated_on",
    "attribution_records",
    "denials",
    "sources",
    "corrections",
    "published_at",
    "updated_at",
    "record_coverage",
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


def csv_line(cells: list[Any]) -> str:
    """Cells as one line of the file, without its end (None empty, numbers as written)."""
    return ",".join(quoted("" if cell is None else str(cell)) for cell in cells)


_WORD_CELLS = [i for i, name in enumerate(CSV_COLUMNS) if name not in NUMBER_COLUMNS]
# A quick look at a cell's first character, so only a cell that may start a formula is
# handed to spreadsheet_safe (the rule itself): most cells are passed over in one test.
_FORMULA_FIRST = frozenset(start[0] for start in FORMULA_START)
# Timestamps in UTC to the microsecond, always written out: a fixed width.
_MICROSECONDS = {"timespec": "microseconds"}
LINE_END = "\r\n"  # as csv.writer ends a line (RFC 4180)


def denials_cell(denials: list[tuple[str, date]]) -> str:
    """Each denial on one line: “Denied by Russia (Ministry of Defence), 2025-09-10”."""
    return "\n".join(f"Denied by {by_name}, {day.isoformat()}" for by_name, day in denials)


def _words(choices: type[models.TextChoices]) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def csv_rows(batch: CsvBatch, coverage: str = "") -> list[list[Any]]:
    """A batch's CSV rows, each cell as csv.writer writes it: words neutralised, numbers
    as they are, None empty. Every row carries the record's `coverage` sentence, so a
    row read on its own still says the record is not a complete count."""
    url_before, url_after = page_url_parts()
    # The labels as plain text in the active language (they are lazy: str.join and the
    # csv writer's neutralising need str).
    categories = _words(Category)
    targets = _words(Target)
    responses = _words(Response)
    confidences = _words(Confidence)
    unattributed = str(Confidence.UNATTRIBUTED.label)
    no_countries: list[tuple[str, bool]] = []
    no_sources: list[tuple[Any, ...]] = []
    word_cells = operator.itemgetter(*_WORD_CELLS)
    response_words: dict[str, str] = {}  # few distinct lists of responses: each once
    rows = []
    for (
        pk,
        title,
        account,
        started_on,
        ended_on,
        precision,
        place,
        latitude,
        longitude,
        category,
        target,
        tags,
        killed,
        injured,
        damage,
        published_at,
        updated_at,
    ) in batch.incidents:
        countries = batch.countries.get(pk, no_countries)
        words_of_responses = response_words.get(tags)
        if words_of_responses is None:
            words = "; ".join(responses.get(tag, tag) for tag in csv_tags(tags))
            words_of_responses = response_words[tags] = words
        current = batch.attributions.get(pk)
        if current is None:
            attribution = [unattributed, "", "", ""]
        else:
            confidence, by_name, to_state, to_actor, stated_on = current
            attribution = [
                confidences.get(confidence, confidence),
                by_name,
                attributed_to_words(to_state, to_actor),
                stated_on.isoformat(),
            ]
        sources = sources_cell(batch.sources.get(pk, no_sources))
        row = [
            pk,
            f"{url_before}{pk}{url_after}",
            title,
            account,
            started_on.isoformat(),
            ended_on.isoformat() if ended_on else "",
            precision,
            " ".join(code for code, _ in countries),
            " ".join(code for code, nato in countries if nato),
            place,
            latitude,
            longitude,
            categories.get(category, category),
            targets.get(target, target) if target else "",
            words_of_responses,
            killed,
            injured,
            damage,
            *attribution,
            batch.attribution_counts.get(pk, 0),
            denials_cell(batch.denials.get(pk, [])),
            sources,
            batch.corrections.get(pk, 0),
            csv_timestamp(published_at).isoformat(**_MICROSECONDS) if published_at else "",
            csv_timestamp(updated_at).isoformat(**_MICROSECONDS),
            coverage,
        ]
        # The first characters of all its words at once; the cells one by one only when
        # one of them could start a formula.
        if not _FORMULA_FIRST.isdisjoint([cell[:1] for cell in word_cells(row)]):
            for i in _WORD_CELLS:
                row[i] = spreadsheet_safe(row[i])
        rows.append(row)
    return rows


def csv_chunks(size: int = 2000) -> Iterator[str]:
    """The file to stream: the byte-order mark (so spreadsheet programs read it as
    UTF-8), the header, then one chunk per range of `size` incidents (`csv_ranges`):
    five queries a range (the incidents, their countries, attributions, sources and
    corrections), whatever its length."""
    yield "\ufeff"
    yield csv_line(CSV_COLUMNS) + LINE_END
    published = Incident.objects.published()
    coverage = coverage_sentence()
    for within in csv_ranges(size):
        rows = csv_rows(csv_batch(within.of(published), within.related()), coverage)
        if rows:
            yield LINE_END.join(csv_line(row) for row in rows) + LINE_END

"""The CSV download: every published incident, a row each, streamed.

`csv_rows` is the one writer of rows. Each incident's row is written when the incident
changes and stored beside it (`services.store_csv_rows`), as an explainer's body_html
is, and the download joins the stored cells. Two parts are made as the file is read: the
sources cell of an incident citing a curated link (moderators may publish the link
later), and any row stored under another `csv_format` (a label or the site's address
changed since).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from incidents.csv_cells import (
    CSV_COLUMNS,
    FORMULA_START,
    NUMBER_COLUMNS,
    csv_format,
    csv_line,
    page_url_parts,
    quoted,
    sources_cell,
    spreadsheet_safe,
)
from incidents.models import (
    Category,
    Confidence,
    Incident,
    Response,
    Target,
    attributed_to_words,
)
from incidents.selectors import (
    CsvBatch,
    csv_batch,
    csv_ranges,
    csv_sources,
    csv_tags,
    csv_timestamp,
)

_WORD_CELLS = [i for i, name in enumerate(CSV_COLUMNS) if name not in NUMBER_COLUMNS]
# A quick look at a cell's first character, so only a cell that may start a formula is
# handed to spreadsheet_safe (the rule itself): most cells are passed over in one test.
_FORMULA_FIRST = frozenset(start[0] for start in FORMULA_START)
# Timestamps in UTC to the microsecond, always written out: a fixed width.
_MICROSECONDS = {"timespec": "microseconds"}
LINE_END = "\r\n"  # as csv.writer ends a line (RFC 4180)


def csv_rows(batch: CsvBatch) -> list[list[Any]]:
    """A batch's CSV rows, each cell as csv.writer writes it: words neutralised, numbers
    as they are, None empty."""
    url_before, url_after = page_url_parts()
    categories = dict(Category.choices)
    targets = dict(Target.choices)
    responses = dict(Response.choices)
    confidences = dict(Confidence.choices)
    unattributed = Confidence.UNATTRIBUTED.label
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
            sources,
            batch.corrections.get(pk, 0),
            csv_timestamp(published_at).isoformat(**_MICROSECONDS) if published_at else "",
            csv_timestamp(updated_at).isoformat(**_MICROSECONDS),
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
    two queries a range, a third for the sources of those citing curated links, five
    more only for rows stored under another format."""
    yield "\ufeff"
    yield csv_line(CSV_COLUMNS) + LINE_END
    current = csv_format()
    for within in csv_ranges(size):
        stored = list(
            within.of(Incident.objects.published())
            .order_by("pk")
            .values_list("pk", "csv_head", "csv_sources", "csv_tail", "csv_format")
        )
        stale = [pk for pk, *_, made in stored if made != current]
        written = {}
        if stale:  # read by the range's ids too (after a deploy, all of them are stale)
            incidents = within.of(Incident.objects.published())
            if len(stale) < len(stored):
                incidents = incidents.filter(pk__in=stale)
            written = {row[0]: row for row in csv_rows(csv_batch(incidents, within.related()))}
        citing = [pk for pk, _, cell, _, made in stored if cell is None and made == current]
        # By the range's ids, not a list of them: thousands of ids cost more to send and
        # plan than reading the sources of the others too.
        sources = csv_sources(within.related()) if citing else {}
        lines = []
        for pk, head, cell, tail, _ in stored:
            row = written.get(pk)
            if row is not None:
                lines.append(csv_line(row))
                continue
            if cell is None:
                cell = quoted(spreadsheet_safe(sources_cell(sources.get(pk, []))))
            lines.append(f"{head},{cell},{tail}")
        if lines:
            yield LINE_END.join(lines) + LINE_END

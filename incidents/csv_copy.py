"""The CSV written by PostgreSQL itself (`COPY … TO STDOUT WITH (FORMAT csv)`).

At 10,000 incidents the portable writer (`open_data.csv_rows`, which also serves SQLite)
spends most of its time turning rows into Python values and back into text. Here the
database builds every cell, neutralises the typed ones and quotes them, and Python
passes the bytes on: the same cells (a test holds the two writers to the same reference
rows), in a third of the time.

Each batch is one `COPY` over a range of ids, read whole (about a megabyte for 2,000
incidents) before it is sent, so no statement stays open while a slow client reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.db import connection

from incidents.countries import CHOICES as COUNTRY_CHOICES
from incidents.csv_cells import CSV_COLUMNS, FORMULA_START, NUMBER_COLUMNS, page_url_parts
from incidents.models import (
    INCIDENT_FIELDS,
    Attribution,
    Category,
    Confidence,
    Correction,
    Incident,
    IncidentCountry,
    Response,
    Source,
    Target,
)
from incidents.selectors import IdRange
from news.models import CuratedLink, LinkState


def _iso_date(column: str) -> str:
    # to_char rather than ::text, which follows the server's DateStyle.
    return f"to_char({column}, 'YYYY-MM-DD')"


def _iso_utc(column: str) -> str:
    """A timestamp as Python's isoformat(timespec="microseconds") writes it in UTC."""
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"


def _label(labels: str, column: str) -> str:
    """A stored choice in words (the value itself if it has none, as the Python writer)."""
    return f"coalesce(%({labels})s::jsonb ->> {column}, {column})"


# The name of the state an attribution names (its code if it is not in the table).
_STATE = "coalesce(%(countries)s::jsonb ->> upper(btrim(a.to_state)), a.to_state)"

# Each column's cell, as SQL over the batch's incident (i), its countries (c), newest
# attribution (a) and their number (ac), sources (s) and corrections (k); numbers or
# words as in csv_cells.
_CELLS: dict[str, str] = {
    "id": "i.id",
    "url": "%(url_before)s || i.id || %(url_after)s",
    "title": "i.title",
    "account": "i.account",
    "started_on": _iso_date("i.started_on"),
    "ended_on": _iso_date("i.ended_on"),
    "date_precision": "i.precision",
    "countries": "c.codes",
    "nato_member_countries": "c.nato",
    "place": "i.place",
    "latitude": "i.latitude",
    "longitude": "i.longitude",
    "category": _label("categories", "i.category"),
    "target": _label("targets", "i.target"),
    # Most incidents have no responses: no subquery for those.
    "responses": "CASE WHEN i.responses <> '[]' THEN (SELECT string_agg(coalesce("
    "%(responses)s::jsonb ->> r.tag, r.tag), '; ' ORDER BY r.n) "
    "FROM jsonb_array_elements_text(i.responses) WITH ORDINALITY AS r(tag, n)) END",
    "killed": "i.killed",
    "injured": "i.injured",
    "damage": "i.damage",
    "attribution": "CASE WHEN a.confidence IS NULL THEN %(unattributed)s ELSE "
    + _label("confidences", "a.confidence")
    + " END",
    "attributed_by": "a.by_name",
    # As attributed_to_words: the state's name, then any detail in brackets.
    "attributed_to": "CASE WHEN a.to_state = '' THEN a.to_actor "
    "WHEN a.to_actor = '' THEN " + _STATE + " ELSE " + _STATE + " || ' (' || a.to_actor || ')' END",
    "attribution_stated_on": _iso_date("a.stated_on"),
    "attribution_records": "coalesce(ac.records, 0)",
    "sources": "s.cell",
    "corrections": "coalesce(k.n, 0)",
    "published_at": _iso_utc("i.published_at"),
    "updated_at": _iso_utc("i.updated_at"),
}


# spreadsheet_safe's rule, by character code: ascii() reads a cell's first character
# once, where left() and a text comparison cost a tenth of the file's time.
_FORMULA_CODES = ", ".join(str(ord(start)) for start in FORMULA_START)


def _neutralised(cell: str) -> str:
    return f"CASE WHEN ascii({cell}) IN ({_FORMULA_CODES}) THEN '''' || {cell} ELSE {cell} END"


_TEMPLATE = """
COPY (
WITH countries AS (
    SELECT incident_id,
        string_agg(code, ' ' ORDER BY code) AS codes,
        string_agg(code, ' ' ORDER BY code) FILTER (WHERE nato_member) AS nato
    FROM {country_table} WHERE {within} GROUP BY incident_id
),
sources AS (
    SELECT s.incident_id, string_agg(
        concat_ws(' — ', nullif(s.publisher, ''), nullif(s.title, ''), {source_date},
            CASE WHEN l.state = %(link_published)s THEN nullif(l.url, '') END),
        E'\\n' ORDER BY s.published_on, s.id) AS cell
    FROM {source_table} s LEFT JOIN {link_table} l ON l.id = s.link_id
    WHERE {within} GROUP BY s.incident_id
),
corrections AS (
    SELECT incident_id, count(*) AS n FROM {correction_table}
    WHERE {within} GROUP BY incident_id
),
-- Each incident's newest attribution (as Attribution.newest_first), in the order of the
-- index attribution_latest: no sort. (A lateral look-up per incident took twice as long.)
latest AS (
    SELECT DISTINCT ON (incident_id) incident_id, confidence, by_name, to_state, to_actor,
        stated_on
    FROM {attribution_table} WHERE {within}
    ORDER BY incident_id, stated_on DESC, recorded_at DESC, id DESC
),
attribution_counts AS (
    SELECT incident_id, count(*) AS records FROM {attribution_table}
    WHERE {within} GROUP BY incident_id
)
SELECT {outputs} FROM (
    SELECT {cells}
    FROM ({incidents}) i
    LEFT JOIN countries c ON c.incident_id = i.id
    LEFT JOIN sources s ON s.incident_id = i.id
    LEFT JOIN corrections k ON k.incident_id = i.id
    LEFT JOIN latest a ON a.incident_id = i.id
    LEFT JOIN attribution_counts ac ON ac.incident_id = i.id
    ORDER BY i.id
    -- OFFSET 0 keeps the cells a subquery, each computed once: inlined, the rule would
    -- compute a cell again for each mention of it.
    OFFSET 0
) cells
ORDER BY c0
) TO STDOUT WITH (FORMAT csv)
"""

# What the cells read of each incident: its own columns, by the published rule of its
# QuerySet (the driving rows of the statement).
_INCIDENT_COLUMNS = ("id", *INCIDENT_FIELDS, "published_at", "updated_at")


def _statement() -> str:
    """The COPY with every constant bound (labels, the page address, the formula
    characters) and `{incidents}` and `{within}` left for each batch."""
    url_before, url_after = page_url_parts()
    cells = ",\n        ".join(f"{_CELLS[name]} AS c{n}" for n, name in enumerate(CSV_COLUMNS))
    outputs = ", ".join(
        f"c{n}" if name in NUMBER_COLUMNS else _neutralised(f"c{n}")
        for n, name in enumerate(CSV_COLUMNS)
    )
    template = _TEMPLATE.format(
        incidents="{incidents}",
        within="{within}",
        cells=cells,
        outputs=outputs,
        source_date=_iso_date("s.published_on"),
        incident_table=Incident._meta.db_table,
        country_table=IncidentCountry._meta.db_table,
        source_table=Source._meta.db_table,
        link_table=CuratedLink._meta.db_table,
        correction_table=Correction._meta.db_table,
        attribution_table=Attribution._meta.db_table,
    )
    # Bound here, client-side, once: COPY takes no server-side parameters.
    return connection.ops.compose_sql(
        template,
        {
            "url_before": url_before,
            "url_after": url_after,
            "categories": json.dumps(dict(Category.choices)),
            "targets": json.dumps(dict(Target.choices)),
            "responses": json.dumps(dict(Response.choices)),
            "confidences": json.dumps(dict(Confidence.choices)),
            "countries": json.dumps(dict(COUNTRY_CHOICES)),
            "unattributed": Confidence.UNATTRIBUTED.label,
            "link_published": LinkState.PUBLISHED,
        },
    )


def _related_within(within: IdRange) -> str:
    condition = f"incident_id > {int(within.after)}"
    if within.upto is not None:
        condition += f" AND incident_id <= {int(within.upto)}"
    return condition


def _for_range(statement: str, within: IdRange) -> str:
    """The statement over one range: its published incidents, by the QuerySet's rule,
    and the related rows by the range's ids, so that each table is read from its index
    over that range only (drafts' rows in it are read and left unjoined)."""
    rows = within.of(Incident.objects.published()).order_by("pk").values(*_INCIDENT_COLUMNS)
    return statement.replace(
        "{incidents}", connection.ops.compose_sql(*rows.query.sql_with_params())
    ).replace("{within}", _related_within(within))


def copied_csv_batches(ranges: Iterable[IdRange]) -> Iterator[bytes]:
    """The CSV's rows (no header), one chunk per range of ids."""
    statement = _statement()
    for within in ranges:
        with connection.cursor() as cursor, cursor.copy(_for_range(statement, within)) as copy:
            chunk = b"".join(copy)
        if chunk:
            yield chunk

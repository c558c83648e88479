"""The CSV download is written from the record as it is read: it always says what the
record says, in a fixed number of queries per range of incidents."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import services
from incidents.csv_file import CSV_COLUMNS, csv_chunks
from news.models import LinkState
from news.services import publish_link
from tests.incidents.factories import attribute, make_draft, make_incident, reputable_link
from tests.news.factories import make_links, make_moderator

pytestmark = pytest.mark.django_db


def _rows() -> list[dict[str, str]]:
    text = "".join(csv_chunks(size=2)).removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline=""), strict=True))


def test_every_write_shows_in_the_file_at_once():
    incident = make_incident(countries=["PL", "LT"], title="=Drones")  # drafted, sourced, published
    other = make_incident(title="Another")
    snapshots = [_rows()]
    attribute(incident, by_name="@Polish government", to_actor="GRU unit")
    snapshots.append(_rows())
    services.save_incident(
        user=None, incident=incident, reason="Wrong town.", place="Wyryki", countries=["PL"]
    )
    snapshots.append(_rows())
    services.add_source(
        user=None,
        incident=incident,
        reason="Another report.",
        publisher="+Outlet",
        title="Later report",
        published_on=date(2025, 9, 12),
    )
    snapshots.append(_rows())
    row = {r["id"]: r for r in snapshots[-1]}[str(incident.pk)]
    assert row["title"] == "'=Drones"
    assert row["attributed_by"] == "'@Polish government"
    assert row["attributed_to"] == "Russia (GRU unit)"
    assert row["place"] == "Wyryki" and row["countries"] == "PL"
    assert row["corrections"] == "1"
    # A formula runs only from a cell's start: the second source's line is left as typed.
    assert row["sources"].splitlines() == [
        "Outlet 0 — Report 0 — 2025-09-11 — https://outlet0.example/report-0",
        "+Outlet — Later report — 2025-09-12",
    ]
    # Each write changed what the file says, and only about its own incident.
    assert len({str(s) for s in snapshots}) == len(snapshots)
    assert {r["id"]: r for r in snapshots[0]}[str(other.pk)] == {r["id"]: r for r in snapshots[-1]}[
        str(other.pk)
    ]


def test_a_link_published_after_the_incident_changed_shows_in_the_file():
    moderator = make_moderator()
    (link,) = make_links(1, state=LinkState.PENDING)
    draft = make_draft()
    services.add_source(user=None, incident=draft, reason="Report.", link=reputable_link())
    services.add_source(user=None, incident=draft, reason="Report.", link=link)
    incident = services.publish_incident(user=None, incident=draft, reason="Sourced.")
    assert link.url not in _rows()[0]["sources"]  # not yet published by a moderator
    publish_link(moderator=moderator, link=link)
    # No write to the incident since: the file still shows the link's address.
    assert link.url in _rows()[0]["sources"]
    assert _rows()[0]["id"] == str(incident.pk)


def test_the_file_reads_the_same_queries_a_range_however_many_rows_it_holds():
    for n in range(5):
        incident = make_incident(title=f"Incident {n}", countries=["PL", "LT"])
        attribute(incident, by_name=f"Government {n}")
    with CaptureQueriesContext(connection) as queries:
        rows = _rows()
    assert [row["title"] for row in rows] == [f"Incident {n}" for n in range(5)]
    assert list(rows[0]) == CSV_COLUMNS
    # The record's first day (its coverage sentence), then three ranges (of two, two and
    # the rest): the id ending each, then the incidents, their countries, attributions,
    # sources and corrections.
    assert len(queries) == 1 + 3 * (1 + 5), [q["sql"][:80] for q in queries]

"""The CSV download's rows are stored beside each incident when it changes, and the file
is read from them: they must always say what the record says."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import services
from incidents.csv_cells import CSV_COLUMNS
from incidents.csv_file import csv_chunks
from incidents.models import Incident
from news.models import LinkState
from news.services import publish_link
from tests.incidents.factories import attribute, make_draft, make_incident
from tests.news.factories import make_links, make_moderator

pytestmark = pytest.mark.django_db


def _rows() -> list[dict[str, str]]:
    text = "".join(csv_chunks(size=2)).removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline=""), strict=True))


def _written_afresh() -> list[dict[str, str]]:
    """The file with every row written as it is read, not from what is stored."""
    stored = list(Incident.objects.values_list("pk", "csv_format"))
    Incident.objects.update(csv_format="")
    try:
        return _rows()
    finally:
        for pk, made in stored:
            Incident.objects.filter(pk=pk).update(csv_format=made)


def test_every_write_stores_the_row_the_file_would_write_afresh():
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
    assert snapshots[-1] == _written_afresh()
    row = {r["id"]: r for r in snapshots[-1]}[str(incident.pk)]
    assert row["title"] == "'=Drones"
    assert row["attributed_by"] == "'@Polish government"
    assert row["attributed_to"] == "Russia (GRU unit)"
    assert row["place"] == "Wyryki" and row["countries"] == "PL"
    assert row["corrections"] == "1"
    # A formula runs only from a cell's start: the second source's line is left as typed.
    assert row["sources"].splitlines() == [
        "Outlet 0 — Report 0 — 2025-09-11",
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
    services.add_source(user=None, incident=draft, reason="Report.", link=link)
    incident = services.publish_incident(user=None, incident=draft, reason="Sourced.")
    assert link.url not in _rows()[0]["sources"]  # not yet published by a moderator
    publish_link(moderator=moderator, link=link)
    # No write to the incident since: its sources cell is made as the file is read.
    assert link.url in _rows()[0]["sources"]
    assert Incident.objects.get(pk=incident.pk).csv_sources is None


def test_rows_stored_another_way_are_written_afresh_until_stored_again():
    incident = make_incident(title="Drones over the base")
    Incident.objects.filter(pk=incident.pk).update(
        csv_format="older", csv_head=f"{incident.pk},stale,cells", csv_tail="x"
    )
    (row,) = _rows()
    assert row["title"] == "Drones over the base"  # not the stale cells
    assert list(row) == CSV_COLUMNS
    call_command("store_incident_csv", verbosity=0)
    stored = Incident.objects.get(pk=incident.pk)
    assert stored.csv_format != "older" and "Drones over the base" in stored.csv_head
    assert _rows() == [row]


def test_the_file_reads_two_queries_a_range_when_its_rows_are_stored():
    for n in range(5):
        make_incident(title=f"Incident {n}")
    with CaptureQueriesContext(connection) as queries:
        rows = _rows()
    assert len(rows) == 5
    # Three ranges (of two, two and the rest): the id ending each, then its stored rows;
    # no source is read, since none cites a curated link.
    assert len(queries) == 3 * 2, [q["sql"][:80] for q in queries]

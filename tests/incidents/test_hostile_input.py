"""Every XSS vector through every text field of the record, checked where readers see it:
the pages, the changelog, the feed, the CSV and the JSON."""

import csv
import io
from datetime import date

import pytest

from incidents import services
from incidents.csv_file import FORMULA_START
from incidents.models import Incident
from tests.incidents.factories import reputable_link
from tests.warstatus.test_hostile_input import VECTORS, _Check

pytestmark = pytest.mark.django_db


def _chunks(size: int):
    for start in range(0, len(VECTORS), size):
        yield start, VECTORS[start : start + size]


def _harmless(client, url: str, *, charts: int = 0) -> str:
    """No markup from the input in the page; the only SVG is our own `charts` pictures."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    checker = _Check()
    checker.feed(page)
    assert [p for p in checker.problems if p != "<svg>"] == [], (url, checker.problems)
    assert checker.problems.count("<svg>") == page.count("<svg") == charts, url
    return page


def _record(start: int, chunk: list[str]) -> Incident:
    def pick(n: int, length: int) -> str:
        return chunk[n % len(chunk)][:length] or "x"

    text = "\n".join(chunk)[:3000]
    incident = services.save_incident(
        user=None,
        reason=text,
        title=pick(0, 200),
        account=text,
        started_on=date(2025, 1 + start % 12, 1 + start % 28),
        place=pick(1, 200),
        damage=text[:1000],
        category="sabotage",
        countries=["DE"],
    )
    services.add_source(
        user=None,
        incident=incident,
        reason=pick(2, 500),
        link=reputable_link(),
        publisher=pick(3, 200),
        title=pick(4, 300),
        published_on=date(2025, 1, 1),
    )
    services.add_attribution(
        user=None,
        incident=incident,
        reason=pick(5, 500),
        by_kind="investigators",
        by_name=pick(6, 200),
        to_actor=pick(7, 200),
        confidence="suspected",
        stated_on=date(2025, 2, 1),
        source_note=pick(8, 300),
    )
    incident = services.publish_incident(user=None, incident=incident, reason=pick(9, 500))
    # Once published, an attribution and a correction are public changelog entries.
    services.add_attribution(
        user=None,
        incident=incident,
        reason=pick(10, 500),
        by_kind="court",
        by_name=pick(11, 200),
        to_actor=pick(12, 200),
        confidence="official",
        stated_on=date(2025, 3, 1),
    )
    fixed = text[:2990] + " (fixed)"  # within the account's 3,000 characters
    services.save_incident(user=None, incident=incident, reason=text, account=fixed)
    return incident


def test_every_vector_through_every_incident_field_renders_harmlessly(client):
    incidents = [_record(start, chunk) for start, chunk in _chunks(25)]
    assert len(incidents) > 5
    for incident in incidents:
        page = _harmless(client, f"/incidents/{incident.pk}/")
        assert page.count("<form") == 0
    pages = len(incidents) // 20 + 1
    for n in range(1, pages + 1):
        _harmless(client, f"/incidents/?page={n}")
    _harmless(client, "/incidents/?category=sabotage&country=DE")
    _harmless(client, "/incidents/timeline/", charts=1 + 9)  # the chart and its legend
    _harmless(client, "/incidents/map/", charts=1 + 5)
    changelog_pages = len(incidents) * 3 // 25 + 1  # published, attributed, corrected
    for n in range(1, changelog_pages + 1):
        _harmless(client, f"/changelog/?page={n}")

    feed = client.get("/feeds/incidents.xml").content
    assert b"<script" not in feed.lower()

    body = b"".join(client.get("/incidents.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == len(incidents) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell[:40]

    data = client.get("/api/incidents.json").json()
    stored = {i.pk: i for i in Incident.objects.all()}
    for item in data["incidents"]:
        # Data, not markup: the text as it was stored, for the reader's program to escape.
        assert item["title"] == stored[item["id"]].title
        assert item["account"] == stored[item["id"]].account

"""The record as open data: a streamed, spreadsheet-safe CSV, JSON that matches the schema
kept in the repository, an Atom feed, and 304s for revisits."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, date

import jsonschema
import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from incidents import selectors, services, views
from incidents.coverage import coverage_sentence
from incidents.csv_file import CSV_COLUMNS, FORMULA_START, csv_chunks, spreadsheet_safe
from incidents.models import (
    Attribution,
    AttributorKind,
    Category,
    Confidence,
    Incident,
    Precision,
    Response,
    Source,
    Target,
)
from news.models import CuratedLink, LinkState, Outlet
from tests.conftest import ROOT
from tests.incidents.factories import attribute, make_draft, make_incident, reputable_link

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((ROOT / "incidents" / "schema" / "incidents.schema.json").read_text())
ATOM = "{http://www.w3.org/2005/Atom}"


def _csv(client, url="/incidents.csv") -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_is_streamed_with_one_row_per_published_incident(client):
    incident = make_incident(
        countries=["PL", "SE"], latitude="51.5", longitude="-3.25", started_on=date(2024, 1, 10)
    )
    attribute(incident)
    make_draft(title="Draft")
    rows = _csv(client)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == CSV_COLUMNS
    assert row["countries"] == "PL SE"
    assert row["nato_member_countries"] == "PL"  # Sweden joined in 2024
    assert row["longitude"] == "-3.25000"  # a number we wrote stays a number
    assert row["attribution"] == "Officially attributed"
    assert row["attributed_to"] == "Russia"
    assert row["sources"] == "Outlet 0 — Report 0 — 2025-09-11 — https://outlet0.example/report-0"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_start_a_formula_is_neutralised(client, start):
    payload = f'{start}HYPERLINK("https://evil.example","click")'
    make_incident(title=payload, account=f"{start}1+1", place=payload, damage=payload)
    row = _csv(client)[0]
    # Tabs and line breaks are tidied away when typed; whatever is left is neutralised.
    for column in ("title", "account", "place", "damage"):
        assert not row[column].startswith(FORMULA_START), (column, row[column])
    assert spreadsheet_safe(payload) == "'" + payload
    assert spreadsheet_safe(-3.5) == "-3.5"


def test_the_api_validates_against_the_schema_kept_in_the_repository(client):
    full = make_incident(
        sources=2,
        place="Wyryki",
        latitude="51.6",
        longitude="23.4",
        responses=["objects_shot_down"],
        killed=0,
        injured=2,
        damage="A house roof.",
        target="civilian",
        ended_on=date(2025, 9, 11),
    )
    attribute(full, confidence="suspected")
    attribute(full, by_kind="nato", by_name="NATO", stated_on=date(2025, 9, 23))
    services.save_incident(user=None, incident=full, reason="Roof, not wall.", damage="A roof.")
    make_incident(title="Bare", precision="month")
    response = client.get("/api/incidents.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    _validate(data)
    assert data["count"] == 2
    assert (data["page"], data["pages"], data["next"], data["previous"]) == (1, 1, None, None)
    assert "Creative Commons Attribution 4.0" in data["licence"]
    first = next(i for i in data["incidents"] if i["id"] == full.pk)
    assert first["url"].endswith(f"/incidents/{full.pk}/")
    assert [a["confidence"] for a in first["attributions"]] == ["official", "suspected"]
    assert first["attribution"] == first["attributions"][0]
    assert first["corrections"][0]["note"] == "Roof, not wall."
    assert first["coordinates"] == {"latitude": 51.6, "longitude": 23.4}


def _validate(data: dict) -> None:
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_api_comes_in_pages_linked_to_each_other_each_valid(client, monkeypatch):
    monkeypatch.setattr(views, "API_PAGE_SIZE", 2)
    made = [make_incident(title=f"Incident {n}", started_on=date(2025, 1, 1 + n)) for n in range(5)]
    seen, url, pages = [], "/api/incidents.json", 0
    while url:
        data = client.get(url).json()
        _validate(data)
        pages += 1
        assert data["count"] == 5 and data["pages"] == 3 and data["page"] == pages
        seen += [item["id"] for item in data["incidents"]]
        # The links are absolute (SITE_URL): follow their path here.
        url = data["next"] and "/api/" + data["next"].split("/api/", 1)[1]
    assert pages == 3
    assert seen == [incident.pk for incident in reversed(made)]  # newest first, each once
    assert data["previous"].endswith("/api/incidents.json?page=2")
    assert client.get("/api/incidents.json?page=4").status_code == 404
    assert client.get("/api/incidents.json?page=x").status_code == 404


def test_the_csv_opens_cleanly_in_a_parser_whatever_the_text(client):
    """Quotes, commas, line breaks and any script survive a strict parser as written, and
    no cell of any column, the attribution's and the sources' included, is a formula."""
    account = 'He said "stop", then left.\n\nSecond paragraph, with commas; and ünïcödé — ок.'
    draft = make_draft(title='Drones, "again", over Poland', account=account)
    services.add_source(
        user=None,
        incident=draft,
        link=reputable_link(),
        reason="Source.",
        publisher="=cmd|' /C calc'!A0",
        title="+SUM(1,2)",
        published_on=date(2025, 9, 11),
    )
    incident = services.publish_incident(user=None, incident=draft, reason="Sourced.")
    attribute(incident, by_name="@SUM(1+1)", to_actor="-2+3")
    services.save_incident(user=None, incident=incident, reason="Typo.", place="=1+1")
    response = client.get("/incidents.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="incidents.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 2 and len(rows[1]) == len(CSV_COLUMNS)
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert row["title"] == 'Drones, "again", over Poland'
    assert row["account"] == account
    assert row["place"] == "'=1+1"
    assert row["attributed_by"] == "'@SUM(1+1)"
    assert row["corrections"] == "1"
    assert row["sources"].startswith("'=cmd")  # the cell starts with the publisher
    for name, cell in row.items():
        assert not cell.startswith(FORMULA_START), (name, cell)


def test_the_schema_names_exactly_the_choices_the_code_allows():
    defs = SCHEMA["$defs"]
    incident, attribution = defs["incident"]["properties"], defs["attribution"]["properties"]
    assert incident["category"]["enum"] == Category.values
    assert incident["target"]["anyOf"][0]["enum"] == Target.values
    assert incident["responses"]["items"]["enum"] == Response.values
    assert incident["date_precision"]["enum"] == Precision.values
    assert attribution["confidence"]["enum"] == Confidence.values
    assert attribution["by_kind"]["enum"] == AttributorKind.values


def test_the_feed_lists_published_incidents_with_their_pages(client):
    incident = make_incident()
    make_draft(title="Draft")
    response = client.get("/feeds/incidents.xml")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}title").text == incident.title
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/incidents/{incident.pk}/")
    assert "10 September 2025 · Poland · Drone incursion" in entries[0].find(f"{ATOM}summary").text


@pytest.mark.parametrize("url", ["/incidents.csv", "/api/incidents.json", "/feeds/incidents.xml"])
def test_open_data_answers_a_revisit_with_304_until_the_record_changes(client, url):
    make_incident()
    etag = client.get(url)["ETag"]
    assert etag
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_incident(title="Another")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_csv_reads_the_record_in_batches_each_incident_once_with_its_own_rows():
    made = []
    for n in range(5):
        made.append(make_incident(title=f"Incident {n}", countries=["PL", "LT"][: 1 + n % 2]))
        make_draft(title=f"Draft {n}")  # drafts between them, in every id range
        attribute(made[-1], by_name=f"Government {n}")
    published = Incident.objects.published()
    ranges = selectors.csv_ranges(size=2)
    batches = [selectors.csv_batch(r.of(published), r.related()) for r in ranges]
    batches = [b for b in batches if b.incidents]
    assert [len(b.incidents) for b in batches] == [2, 2, 1]
    ids = [row[0] for b in batches for row in b.incidents]
    assert ids == [incident.pk for incident in made]
    pairs = [(batch, row[0]) for batch in batches for row in batch.incidents]
    for n, (b, pk) in enumerate(pairs):
        assert [code for code, _ in b.countries[pk]] == sorted(["PL", "LT"][: 1 + n % 2])
        assert b.attributions[pk][1] == f"Government {n}" and b.attribution_counts[pk] == 1
        assert len(b.sources[pk]) == 1
        assert b.corrections.get(pk, 0) == 0
        # Only this batch's published incidents: nothing of a draft or another batch.
        own = {row[0] for row in b.incidents}
        assert set(b.attributions) == own and set(b.sources) == own


def _csv_row_from_models(incident: Incident) -> list[str]:
    """A CSV row built from the model instances, field by field, as the CSV was first
    written: the reference the batch writer must match."""
    attributions = list(incident.attributions.all())
    countries = list(incident.countries.all())
    current = incident.current_attribution  # a denial never is
    denials = [a for a in reversed(attributions) if a.is_denial]  # oldest first

    def iso(value):
        if value is None:
            return None
        if hasattr(value, "hour"):  # in UTC, to the microsecond
            return value.astimezone(UTC).isoformat(timespec="microseconds")
        return value.isoformat()

    sources = [
        " — ".join(
            part for part in (s.publisher, s.title, iso(s.published_on) or "", s.public_url) if part
        )
        for s in incident.sources.all()
    ]
    values = [
        incident.pk,
        f"{settings.SITE_URL}{incident.get_absolute_url()}",
        incident.title,
        incident.account,
        iso(incident.started_on),
        iso(incident.ended_on),
        incident.precision,
        " ".join(c.code for c in countries),
        " ".join(c.code for c in countries if c.nato_member),
        incident.place,
        incident.latitude,
        incident.longitude,
        incident.get_category_display(),
        incident.get_target_display() if incident.target else "",
        "; ".join(incident.response_labels),
        incident.killed,
        incident.injured,
        incident.damage,
        current.get_confidence_display() if current else Confidence.UNATTRIBUTED.label,
        current.by_name if current else "",
        current.to_words if current else "",
        iso(current.stated_on) if current else "",
        len(attributions),
        "\n".join(f"Denied by {a.by_name}, {iso(a.stated_on)}" for a in denials),
        "\n".join(sources),
        len(incident.corrections.all()),
        iso(incident.published_at),
        iso(incident.updated_at),
        coverage_sentence(),
    ]
    return [spreadsheet_safe(v) for v in values]


def _whole_file() -> str:
    return "".join(csv_chunks(size=2)).removeprefix("\ufeff")


def test_the_csv_matches_rows_built_from_the_models_field_for_field(client):
    """Tricky incidents across several batches: formula-like text in every typed field,
    quotes and line breaks, a negative longitude, month precision, no attribution, an
    attribution naming a state and a unit, sources with and without a published link or
    a date, a correction, unknown response tags."""
    outlet = Outlet.objects.create(name="O", domain="o.example")
    published_link = CuratedLink.objects.create(
        url="https://o.example/a",
        title="t",
        outlet=outlet,
        context="c",
        source_published_at=timezone.now(),
        state=LinkState.PUBLISHED,
    )
    pending_link = CuratedLink.objects.create(
        url="https://o.example/b", title="t", outlet=outlet, context="c"
    )
    made = []
    for n, start in enumerate(["=", "+", "-", "@", "a", "ö"]):
        incident = make_incident(
            sources=1 + n % 2,
            title=f'{start}Title "{n}", with commas',
            account=f"{start}1+1\n\nSecond paragraph; ünïcödé — ок.",
            place=f"{start}place" if n % 2 else "",
            damage=f"{start}damage" if n % 3 else "",
            latitude="51.50000" if n % 2 else None,
            longitude="-3.25000" if n % 2 else None,
            started_on=date(2024, 1 + n, 10),
            ended_on=date(2024, 2 + n, 1) if n % 2 else None,
            precision="month" if n == 2 else "day",
            countries=[["PL", "SE"], ["FI"], ["UA", "DE", "RO"]][n % 3],
            responses=[[], ["objects_shot_down", "sanctions"], ["airports_closed"]][n % 3],
            target=["", "energy", "civilian"][n % 3],
            killed=[None, 0, 3][n % 3],
            injured=[None, 2, 0][n % 3],
        )
        if n % 3 == 1:
            attribute(incident, by_name=f"{start}Government", to_actor=f"{start}unit")
            attribute(incident, confidence="suspected", stated_on=date(2025, 9, 12))
            Attribution.objects.filter(incident=incident, confidence="suspected").update(
                to_state="", to_actor="=GRU"
            )
        if n % 3 == 2:
            attribute(incident, by_name="Court", to_state="BY", to_actor="", by_kind="court")
        services.add_source(
            user=None,
            incident=incident,
            reason="Source.",
            publisher=f"{start}Publisher",
            title=f"{start}Title of the source",
            published_on=date(2025, 9, 12),
        )
        # A link's source may name no publisher and no date: set straight in the table.
        Source.objects.filter(incident=incident, title__endswith="Title of the source").update(
            link=[published_link, pending_link, None][n % 3],
            publisher="" if n % 2 else f"{start}Publisher",
            published_on=None if n % 2 else date(2025, 9, 12),
        )
        if n % 2:
            services.save_incident(user=None, incident=incident, reason="Typo.", place="=1+1")
        make_draft(title=f"=Draft {n}")
        made.append(incident)
    Incident.objects.filter(pk=made[0].pk).update(responses=["unknown_tag"])
    expected = [
        _csv_row_from_models(incident)
        for incident in Incident.objects.published().for_display().order_by("pk")
    ]
    rows = list(csv.reader(io.StringIO(_whole_file(), newline=""), strict=True))
    assert rows[0] == CSV_COLUMNS
    assert rows[1:] == expected
    assert any(row[CSV_COLUMNS.index("longitude")] == "-3.25000" for row in rows[1:])
    assert rows[1][CSV_COLUMNS.index("title")].startswith("'=")

"""The incidents record as readers see it: the list and its filters, each incident, the
timeline, the map and the changelog, all without JavaScript."""

import re
from datetime import date

import pytest
from django.utils import timezone

from incidents import services
from incidents.selectors import add_months
from tests.incidents.factories import attribute, make_draft, make_incident

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(r'<h2 class="item-title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_the_list_shows_published_incidents_newest_first_and_no_drafts(client):
    make_incident(title="Older", started_on=date(2025, 1, 5))
    make_incident(title="Newer", started_on=date(2025, 9, 10))
    make_draft(title="Draft")
    response = client.get("/incidents/")
    assert response.status_code == 200
    assert _titles(response) == ["Newer", "Older"]
    assert "2 incidents on the record" in response.text
    assert '<a href="/incidents/" aria-current="page">Incidents</a>' in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=EE", ["Estonia jets"]),
        ("category=cyber", ["Cyber in Finland"]),
        ("attribution=official", ["Poland drones"]),
        ("attribution=unattributed", ["Estonia jets", "Cyber in Finland"]),
        ("since=2025-01-01&until=2025-06-30", ["Estonia jets", "Cyber in Finland"]),
        ("nato=1", ["Poland drones", "Estonia jets"]),
        ("nato=1&country=PL&attribution=official", ["Poland drones"]),
    ],
)
def test_the_filters_narrow_the_list_on_the_server(client, query, expected):
    poland = make_incident(title="Poland drones", started_on=date(2025, 9, 10))
    attribute(poland)
    make_incident(
        title="Estonia jets",
        countries=["EE"],
        category="airspace_aircraft",
        started_on=date(2025, 5, 1),
    )
    # Finland joined NATO in April 2023: an incident before that is not in a member country.
    make_incident(
        title="Cyber in Finland",
        countries=["FI"],
        category="cyber",
        started_on=date(2023, 3, 1),
        ended_on=date(2025, 2, 1),
    )
    response = client.get(f"/incidents/?{query}")
    assert response.status_code == 200
    assert _titles(response) == expected


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("country=ZZ", "Select a valid choice"),
        ("since=2025-13-45", "Enter a valid date"),
        ("since=2025-06-01&until=2025-01-01", "before the “from” date"),
    ],
)
def test_a_bad_filter_gets_a_sentence_and_no_list(client, query, words):
    make_incident()
    response = client.get(f"/incidents/?{query}")
    assert response.status_code == 400
    assert words in response.text
    assert _titles(response) == []


def test_pages_of_a_filtered_list_keep_the_filters(client):
    for n in range(21):
        make_incident(title=f"Incident {n}", started_on=date(2025, 1, 1 + n))
    make_incident(title="Elsewhere", countries=["LT"], started_on=date(2025, 3, 1))
    first = client.get("/incidents/?country=PL")
    assert len(_titles(first)) == 20
    assert 'href="?country=PL&amp;page=2"' in first.text
    second = client.get("/incidents/?country=PL&page=2")
    assert _titles(second) == ["Incident 0"]
    assert client.get("/incidents/?country=PL&page=3").status_code == 404


def test_an_incident_page_shows_the_facts_every_attribution_and_the_sources(client):
    incident = make_incident(
        sources=2,
        place="Wyryki",
        latitude="51.6",
        longitude="23.4",
        responses=["objects_shot_down", "aircraft_scrambled"],
        killed=0,
    )
    attribute(incident, confidence="suspected", stated_on=date(2025, 9, 10))
    attribute(
        incident, by_kind="nato", by_name="North Atlantic Council", stated_on=date(2025, 9, 23)
    )
    page = client.get(f"/incidents/{incident.pk}/").text
    assert "Poland (a NATO member at the time)" in page
    assert "Place: Wyryki (latitude 51.60000, longitude 23.40000)" in page
    assert "Aircraft scrambled, Objects shot down" in page
    assert "0 killed; injuries not known" in page
    official = page.index("Officially attributed</strong> to Russia by North Atlantic Council")
    suspected = page.index("Suspected by officials</strong> to Russia by Polish government")
    assert official < suspected  # newest first, the older record kept
    assert 'href="https://outlet0.example/report-0"' in page and "Report 0</a>, Outlet 0" in page
    assert "Report 1, Outlet 1" in page


def test_a_correction_shows_on_the_incident_with_its_date_and_note(client):
    incident = make_incident()
    services.save_incident(
        user=None, incident=incident, reason="The place was misspelt.", place="Wyryki"
    )
    page = client.get(f"/incidents/{incident.pk}/").text
    assert "Corrections" in page
    assert "changed: place" in page
    assert "The place was misspelt." in page


def test_a_draft_is_hidden_from_readers_and_previewed_for_editors(client, editor_client):
    draft = make_draft()
    assert client.get(f"/incidents/{draft.pk}/").status_code == 404
    assert client.get("/incidents/999999/").status_code == 404
    response = editor_client.get(f"/incidents/{draft.pk}/")
    assert response.status_code == 200
    assert "Preview — a draft, not published" in response.text
    assert "no-store" in response["Cache-Control"]


def test_the_timeline_counts_each_month_by_category_with_a_table_beside_it(client):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    make_incident(title="A", started_on=this_month)
    make_incident(title="B", started_on=this_month, category="cyber")
    make_incident(title="C", started_on=add_months(this_month, -2), category="cyber")
    make_incident(title="Too old", started_on=add_months(this_month, -24))
    make_draft(title="Draft", started_on=this_month)
    page = client.get("/incidents/timeline/").text
    assert '<svg viewBox="0 0 720 260" role="img"' in page
    assert page.count('<rect class="cat-') == 3 + 9  # three bar segments, nine legend swatches
    month = this_month.strftime("%B %Y")
    assert (
        f'<th scope="row">{month}</th><td>2</td><td>Drone incursion: 1; Cyber attack: 1</td>'
        in (page)
    )
    assert "3 in all" in page


def test_the_map_shades_countries_by_count_and_links_to_their_lists(client):
    make_incident(countries=["PL", "LT"])
    make_incident(countries=["PL"], title="Second")
    make_incident(countries=["MT"], title="Malta")  # too small to draw, still in the table
    page = client.get("/incidents/map/").text
    assert re.search(r'<path class="map-2" d="[^"]+"><title>Poland: 2</title>', page)
    assert re.search(r'<path class="map-1" d="[^"]+"><title>Lithuania: 1</title>', page)
    assert re.search(r'<path class="map-0" d="[^"]+"><title>France: 0</title>', page)
    assert '<th scope="row">Poland</th><td>Yes</td><td><a href="/incidents/?country=PL">2' in page
    assert '<th scope="row">Malta</th><td>No</td>' in page


def test_published_incidents_and_attributions_reach_the_changelog_with_links(client):
    incident = make_incident()
    attribution = attribute(incident)
    make_draft(title="Secret draft")
    page = client.get("/changelog/").text
    assert f'<a href="/incidents/{incident.pk}/">Incident added to the record' in page
    assert f'href="/incidents/{incident.pk}/#attribution-{attribution.pk}"' in page
    assert "Secret draft" not in page


def test_the_list_answers_a_revisit_with_304_until_the_record_changes(client):
    make_incident()
    first = client.get("/incidents/?country=PL")
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "Vary" not in first
    assert client.get("/incidents/?country=PL", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/incidents/?country=LT")["ETag"] != etag  # another filter, another tag
    make_incident(title="New")
    assert client.get("/incidents/?country=PL", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_sitemap_lists_the_record_and_each_published_incident(client):
    incident = make_incident()
    draft = make_draft(title="Draft")
    sitemap = client.get("/sitemap.xml").text
    for path in ("/incidents/", "/incidents/timeline/", "/incidents/map/"):
        assert f"{path}</loc>" in sitemap
    assert f"/incidents/{incident.pk}/</loc>" in sitemap
    assert f"/incidents/{draft.pk}/</loc>" not in sitemap

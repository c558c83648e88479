"""The launch incidents: from the research, every source openable and primary or
reputable, dated to the day where the sources give it, and loaded once."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents import services
from incidents.launch import RESEARCH
from incidents.models import (
    Category,
    Confidence,
    Incident,
    IncidentState,
    Precision,
    Response,
    Source,
)
from news.canonical import canonicalize_url
from news.models import CuratedLink, LinkState
from tests.incidents.factories import reputable_link

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "research" / "launch-record-2025.json"
STATED = json.loads(DOCS.read_text(encoding="utf-8"))
# As curated links store them: the canonical form of each verbatim address (a trailing
# slash dropped, as news.canonical does for every link).
VERBATIM_URLS = {canonicalize_url(s["url"]) for s in STATED["sources"]}
STANDING = {canonicalize_url(s["url"]): s["standing"] for s in STATED["sources"]}


def _load() -> str:
    out = StringIO()
    call_command("load_launch_content", stdout=out)
    return out.getvalue()


def _poland() -> Incident:
    return Incident.objects.get(countries__code="PL", category=Category.DRONE_INCURSION)


def test_the_loader_reads_the_research_the_repository_holds():
    assert RESEARCH == DOCS


def test_every_incident_that_meets_the_publishing_rule_is_on_the_record_and_no_other():
    _load()
    meets = [i for i in STATED["incidents"] if i["meets_publishing_rule"]]
    published = Incident.objects.filter(state=IncidentState.PUBLISHED)
    assert published.count() == len(meets) == Incident.objects.count()
    for item in meets:
        found = published.filter(
            started_on=item["start"], countries__code=item["countries"][0]
        ).exists()
        assert found, item["key"]
    for item in STATED["incidents"]:
        if not item["meets_publishing_rule"]:
            assert not published.filter(
                started_on=item["start"],
                category=item["category"],
                countries__code=item["countries"][0],
            ).exists(), item["key"]


def test_every_launch_source_opens_an_address_from_the_research_on_a_primary_or_reputable_outlet():
    _load()
    for incident in Incident.objects.all():
        sources = list(incident.sources.select_related("link__outlet"))
        assert sources, incident.title
        for source in sources:
            url = source.public_url
            assert url in VERBATIM_URLS, (incident.title, url)
            assert STANDING[url] in {"primary", "reputable"}, url
            assert source.link.state == LinkState.PUBLISHED
            assert source.link.outlet is not None and source.link.outlet.reputable, url


def test_incidents_are_dated_to_the_day_where_the_research_gives_the_day(client):
    _load()
    for item in STATED["incidents"]:
        if not item["meets_publishing_rule"]:
            continue
        incident = Incident.objects.get(
            started_on=item["start"], countries__code=item["countries"][0]
        )
        assert incident.precision == item["date_precision"], item["key"]
    poland = _poland()
    assert (poland.started_on, poland.ended_on) == (date(2025, 9, 9), date(2025, 9, 10))
    assert poland.when == "9 September 2025 to 10 September 2025"
    spd = Incident.objects.get(category=Category.CYBER)
    assert (spd.precision, spd.when) == (Precision.YEAR, "2023")
    assert "(the month and day are not known)" in client.get(spd.get_absolute_url()).text


def test_the_polish_incursion_has_its_responses_and_its_attribution_history(client):
    _load()
    poland = _poland()
    assert set(poland.responses) == {
        Response.SHOT_DOWN,
        Response.AIRPORTS_CLOSED,
        Response.ARTICLE_4,
    }
    history = {(a.by_name, a.stated_on, a.confidence) for a in poland.attributions.all()}
    assert (
        "Government of Poland (Prime Minister Donald Tusk)",
        date(2025, 9, 10),
        Confidence.OFFICIAL,
    ) in history
    assert (
        "Russia (Ministry of Defence; chargé d'affaires in Warsaw)",
        date(2025, 9, 10),
        Confidence.DENIED,
    ) in history
    # The latest attribution is Poland's, not Russia's denial.
    assert poland.current_attribution.by_name.startswith("Government of Poland")
    page = client.get(poland.get_absolute_url()).text
    assert "Objects shot down, Airports closed, Article 4 requested" in page
    assert (
        "<strong>Denied</strong> by Russia (Ministry of Defence; chargé d&#x27;affaires in "
        'Warsaw), <time datetime="2025-09-10">10 September 2025</time>'
    ) in page


def test_the_danish_airport_drones_are_recorded_as_unattributed():
    _load()
    for incident in Incident.objects.with_current_attribution().filter(countries__code="DK"):
        assert incident.current_confidence == Confidence.UNATTRIBUTED
        assert incident.current_state == ""


def test_loading_twice_creates_nothing_twice():
    _load()
    counts = (Incident.objects.count(), Source.objects.count(), CuratedLink.objects.count())
    attributions = sum(i.attributions.count() for i in Incident.objects.all())
    assert "incidents: nothing new" in _load()
    assert counts == (
        Incident.objects.count(),
        Source.objects.count(),
        CuratedLink.objects.count(),
    )
    assert attributions == sum(i.attributions.count() for i in Incident.objects.all())


def test_a_site_launched_with_the_month_only_poland_record_has_it_corrected_not_doubled():
    # The earlier launch record: one incursion into Poland dated to September 2025, with a
    # named source without an address.
    earlier = services.save_incident(
        user=None,
        reason="Earlier launch content.",
        countries=["PL"],
        title="More than 20 Russian drones enter Poland's airspace",
        account="More than 20 Russian drones crossed into Poland's airspace.",
        started_on=date(2025, 9, 1),
        precision=Precision.MONTH,
        category=Category.DRONE_INCURSION,
        responses=[Response.ARTICLE_4],
    )
    services.add_source(
        user=None,
        incident=earlier,
        reason="Earlier launch content.",
        publisher="NATO",
        title="Statement on Russia's violations of allied airspace",
        published_on=date(2025, 9, 23),
    )
    # Publishing needs a source readers can open (a stand-in here: not the research's).
    services.add_source(
        user=None, incident=earlier, reason="Earlier launch content.", link=reputable_link()
    )
    services.publish_incident(user=None, incident=earlier, reason="Earlier launch content.")
    _load()
    poland = _poland()
    assert poland.pk == earlier.pk
    assert (poland.started_on, poland.precision) == (date(2025, 9, 9), Precision.DAY)
    assert poland.sources.filter(link__isnull=True).count() == 1  # history stays
    assert poland.sources.filter(link__url__startswith="https://").count() == 5  # 4 + stand-in
    assert "9-10 September 2025" in poland.corrections.get().note
    assert "incidents: nothing new" in _load()

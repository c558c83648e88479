"""The record's pages and data make the same number of queries with 1 and 200 incidents,
whatever the filters."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import (
    Attribution,
    Category,
    Correction,
    Incident,
    IncidentCountry,
    IncidentState,
    Source,
)
from news.models import CuratedLink, LinkState, Outlet

pytestmark = pytest.mark.django_db

URLS = [
    "/incidents/",
    "/incidents/?country=PL",
    "/incidents/?category=drone_incursion",
    "/incidents/?attribution=official",
    "/incidents/?since=2024-01-01&until=2026-12-31",
    "/incidents/?since=2024-01-01",
    "/incidents/?until=2026-12-31",
    "/incidents/?category=cyber&category=drone_incursion",
    "/incidents/?nato=1",
    "/incidents/?country=PL&category=drone_incursion&attribution=official&nato=1"
    "&since=2024-01-01&until=2026-12-31",
    "/incidents/timeline/",
    "/incidents/map/",
    "/api/incidents.json",
    "/feeds/incidents.xml",
    "/incidents.csv",  # rows made here by bulk_create are written afresh: the most queries
    "/sitemap.xml",
]


def _content(n: int) -> None:
    today = timezone.localdate()
    outlet, _ = Outlet.objects.get_or_create(name="O", domain="o.example")
    links = CuratedLink.objects.bulk_create(
        CuratedLink(
            url=f"https://o.example/{n}-{i}",
            title=f"t{i}",
            outlet=outlet,
            context="c",
            source_published_at=timezone.now(),
            state=LinkState.PUBLISHED,
        )
        for i in range(n)
    )
    incidents = Incident.objects.bulk_create(
        Incident(
            title=f"Incident {n}-{i}",
            account="a",
            started_on=today - timedelta(days=i * 3),
            category=list(Category)[i % len(Category)] if i else Category.DRONE_INCURSION,
            state=IncidentState.PUBLISHED,
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    IncidentCountry.objects.bulk_create(
        IncidentCountry(incident=incident, code=code, nato_member=code != "UA")
        for incident in incidents
        for code in ("PL", "LT", "UA")
    )
    Source.objects.bulk_create(
        Source(incident=incident, link=link, title="s", publisher="p")
        for incident, link in zip(incidents, links, strict=True)
    )
    Source.objects.bulk_create(
        Source(incident=incident, title="named", publisher="p", published_on=date(2025, 1, 1))
        for incident in incidents
    )
    Attribution.objects.bulk_create(
        Attribution(
            incident=incident,
            by_kind="government",
            by_name="g",
            to_state="RU",
            confidence=confidence,
            stated_on=date(2025, 1, day),
        )
        for incident in incidents
        for day, confidence in ((1, "suspected"), (2, "official"))
    )
    Correction.objects.bulk_create(
        Correction(incident=incident, note="n", changed_fields=["title"]) for incident in incidents
    )


def _counts(client, urls=URLS) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)
        counts[url] = len(queries)
    return counts


def test_every_incidents_page_makes_the_same_queries_with_1_and_200_incidents(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    _content(1)
    small = _counts(client)
    _content(199)
    assert _counts(client) == small
    later_page = _counts(client, ["/incidents/?country=PL&page=1", "/incidents/?country=PL&page=3"])
    assert len(set(later_page.values())) == 1, later_page
    api_pages = _counts(client, ["/api/incidents.json?page=1", "/api/incidents.json?page=2"])
    assert len(set(api_pages.values())) == 1, api_pages
    # ... one of them the share card's verdict (every page's share image names it), and
    # one the record's first day, for the sentence saying what the record covers.
    lists = {url: n for url, n in small.items() if url.split("?")[0] == "/incidents/"}
    assert len(lists) == 10 and max(lists.values()) <= 8, lists
    assert small["/incidents/map/"] <= 3 and small["/incidents/timeline/"] <= 3, small

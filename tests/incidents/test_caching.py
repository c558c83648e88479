"""The record's pages in the page cache: the list is stored once per set of filters and
page, read as the view reads them; a bad filter is never stored; a publish renders
every page afresh; each page names what a shared cache in front must purge it for."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pagecache import page_key
from core.pagecache.surrogate import keys_for_change
from core.pagination import PAGE
from incidents import services
from incidents.filters import FILTERS
from incidents.indicators import WINDOW_DAYS
from tests.conftest import require_redis
from tests.incidents.factories import attribute, make_draft, make_incident, reputable_link

pytestmark = pytest.mark.django_db


def _get(client, url: str):
    """The response, and how many queries answering it took (0: from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_filtered_list_is_served_from_the_cache_until_a_publish(client):
    make_incident(title="Drones over Poland")
    make_incident(title="Jets over Estonia", countries=["EE"], category="airspace_aircraft")
    url = "/incidents/?country=PL&category=drone_incursion&page=1"
    first, queries = _get(client, url)
    assert first.status_code == 200 and queries > 0
    assert "Drones over Poland" in first.text and "Jets over Estonia" not in first.text
    again, queries = _get(client, url)
    assert queries == 0  # answered from the cache, before any query
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # Another filter is another page, never this one's copy.
    estonia, queries = _get(client, "/incidents/?country=EE")
    assert queries > 0 and "Jets over Estonia" in estonia.text
    assert "Drones over Poland" not in estonia.text

    draft = make_draft(title="More drones over Poland", started_on=date(2025, 10, 1))
    services.add_source(
        user=None,
        incident=draft,
        link=reputable_link(),
        reason="Source.",
        publisher="Outlet",
        title="Report",
        published_on=date(2025, 10, 2),
    )
    services.publish_incident(user=None, incident=draft, reason="Sourced.")
    after, queries = _get(client, url)
    assert queries > 0 and after["ETag"] != first["ETag"]
    assert "More drones over Poland" in after.text


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # The same filters written two ways are one page: one copy in the cache.
        ("/incidents/?nato=1", "/incidents/?nato=on"),
        ("/incidents/?country=PL&page=1", "/incidents/?country=PL&country="),
        (
            "/incidents/?category=cyber&category=sabotage",
            "/incidents/?category=sabotage&category=cyber&category=cyber&utm_source=x",
        ),
        ("/incidents/?since=2025-01-01", "/incidents/?since=2025-01-01&page=01"),
    ],
)
def test_one_set_of_filters_is_one_cached_page_however_it_is_written(client, one, other):
    make_incident()
    first, _ = _get(client, one)
    second, queries = _get(client, other)
    assert second.status_code == 200 and queries == 0
    assert second.content == first.content


def test_a_filter_read_leniently_is_not_the_unfiltered_list(client):
    make_incident(title="Drones over Poland")
    make_incident(title="Jets over Estonia", countries=["EE"])
    client.get("/incidents/")  # the unfiltered list, now in the cache
    response, queries = _get(client, "/incidents/?country=&country=PL")
    assert queries > 0
    assert "Incidents record: Poland" in response.text
    assert "Jets over Estonia" not in response.text


@pytest.mark.parametrize(
    "query", ["country=ZZ", "since=2025-13-45", "since=2025-06-01&until=2025-01-01"]
)
def test_a_bad_filter_is_answered_400_each_time_and_never_stored(client, query):
    make_incident()
    request = RequestFactory().get(f"/incidents/?{query}")
    assert page_key(request, (FILTERS, PAGE)) is None  # no key: nothing can be stored
    for _ in range(2):
        response, queries = _get(client, f"/incidents/?{query}")
        assert response.status_code == 400
        assert "ETag" not in response  # a stored page always carries one
        assert "max-age=86400" not in response.get("Surrogate-Control", "")


def test_timeline_map_and_incident_pages_are_cached_and_renew_on_a_change(client):
    incident = make_incident(started_on=date.today().replace(day=1))
    for url in ("/incidents/timeline/", "/incidents/map/", f"/incidents/{incident.pk}/"):
        first, _ = _get(client, url)
        again, queries = _get(client, url)
        assert queries == 0 and again.content == first.content, url
    attribute(incident)
    page, queries = _get(client, f"/incidents/{incident.pk}/")
    assert queries > 0 and "Officially attributed" in page.text
    make_incident(title="Second", countries=["LT"], started_on=date.today().replace(day=1))
    timeline, queries = _get(client, "/incidents/timeline/")
    assert queries > 0 and "2 in all" in timeline.text
    shaded, queries = _get(client, "/incidents/map/")
    assert queries > 0 and "<title>Lithuania: 1</title>" in shaded.text


def test_each_page_names_what_a_change_to_the_record_purges(client):
    incident = make_incident()
    purged = keys_for_change(
        app_label="incidents", model="incident", object_id=str(incident.pk), public=True
    )
    for url, keys in [
        ("/incidents/?country=PL", {"all", "incidents"}),
        ("/incidents/timeline/", {"all", "incidents"}),
        ("/incidents/map/", {"all", "incidents"}),
        (f"/incidents/{incident.pk}/", {"all", "incidents", "news"}),  # sources: curated links
        ("/api/incidents.json", {"all", "incidents", "news"}),
    ]:
        for _ in range(2):  # a miss and a hit
            response = client.get(url)
            assert set(response["Surrogate-Key"].split()) == keys, url
            assert response["Surrogate-Control"] == "max-age=30" or url.endswith("timeline/")
        assert purged & keys, url  # a change to the record purges every one of them
    assert "all" not in purged  # and nothing else: the verdict's and explainers' pages stay


def test_the_streamed_csv_is_kept_by_the_shared_cache_until_the_record_changes(client):
    incident = make_incident()
    response = client.get("/incidents.csv")
    assert response.streaming and response.status_code == 200
    # Kept in front of the site (SHARED_CACHE_MAX_AGE), dropped sooner by what a change
    # to the record purges.
    assert response["Surrogate-Control"] == "max-age=30"
    shown = set(response["Surrogate-Key"].split())
    assert shown == {"all", "incidents", "news"}
    purged = keys_for_change(
        app_label="incidents", model="incident", object_id=str(incident.pk), public=True
    )
    assert shown & purged == {"incidents"}
    assert "public" in response["Cache-Control"]


def _keys_in_the_cache() -> int:
    return cache._cache.get_client().dbsize()


def test_a_crawl_of_a_thousand_date_filters_adds_a_bounded_number_of_cache_keys(client):
    require_redis()  # counted in the real cache, as production keeps it
    make_incident()
    client.get("/incidents/")
    before = _keys_in_the_cache()
    for n in range(1000):
        # Valid dates of any year (1 to 9999), alone, paired and with other filters.
        since = date(1 + n * 10, n % 12 + 1, n % 27 + 2)
        query = [f"since={since}", f"until={date(9999, 12, n % 30 + 1)}", "nato=1"][: n % 3 + 1]
        response = client.get("/incidents/?" + "&".join(query))
        assert response.status_code == 200
        # Nor kept in front: a shared cache is told it may not reuse it.
        assert "Surrogate-Control" not in response and "max-age=0" in response["Cache-Control"]
    assert _keys_in_the_cache() - before <= 10  # none of the crawl's pages is kept


def test_a_crawl_of_pairs_of_whole_months_adds_a_bounded_number_of_cache_keys(client):
    require_redis()
    make_incident()
    client.get("/incidents/")
    before = _keys_in_the_cache()
    for n in range(300):
        # From the 1st of one month to the last day of another: some 50,000 such pairs.
        since = date(2000 + n // 12, n % 12 + 1, 1)
        month_after = date(2025 + n % 2, n % 12 + 1, 1) + timedelta(days=32)
        until = month_after.replace(day=1) - timedelta(days=1)  # a month's last day
        response = client.get(f"/incidents/?since={since}&until={until}")
        assert response.status_code == 200
    assert _keys_in_the_cache() - before <= 10


@pytest.mark.parametrize("window", [0, 1])
def test_the_lists_the_site_links_to_are_still_kept(client, window):
    make_incident()
    # The home page's indicators link to their window (today's, or yesterday's while a
    # page rendered before midnight is still served), and whole months are kept.
    since = timezone.localdate() - timedelta(days=WINDOW_DAYS - 1 + window)
    for url in (f"/incidents/?since={since}", "/incidents/?since=2025-02-01&until=2025-02-28"):
        first, _ = _get(client, url)
        again, queries = _get(client, url)
        assert first.status_code == 200 and queries == 0, url


def test_a_crawl_of_filter_combinations_adds_a_bounded_number_of_cache_keys(client, monkeypatch):
    """Countries, sets of categories and NATO make thousands of valid lists: past the
    day's allowance, a new one is answered but not stored; those kept stay served."""
    from core.pagecache import variants
    from incidents.filters import COUNTRY_CHOICES
    from incidents.models import Category

    require_redis()
    monkeypatch.setattr(variants, "VARIANTS_PER_DAY", 20)
    make_incident()
    client.get("/incidents/")
    before = _keys_in_the_cache()
    countries = [code for code, _name in COUNTRY_CHOICES]
    categories = [value for value, _label in Category.choices]
    crawled = [
        f"/incidents/?country={country}&category={category}&nato={nato}"
        for country in countries[:25]
        for category in categories[:2]
        for nato in (0, 1)
    ]
    for url in crawled:
        assert client.get(url).status_code == 200, url
    assert len(crawled) == 100
    assert _keys_in_the_cache() - before <= 20 + 1  # the allowance, and its count
    kept, queries = _get(client, crawled[0])
    assert kept.status_code == 200 and queries == 0, "a list kept early is still kept"
    rendered, queries = _get(client, crawled[-1])
    assert rendered.status_code == 200 and queries > 0, "one past the allowance is rendered"

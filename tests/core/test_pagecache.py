"""Cache hits answered early by the middleware: same page, same headers, no work."""

import pytest

from tests.factories import make_user
from tests.status.factories import make_check, make_verdict

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture
def status():
    make_check(verdict=make_verdict())


@pytest.mark.parametrize("path", ["/", "/api/status.json", "/badge.svg", "/status/history/"])
def test_a_page_from_the_cache_carries_every_header_a_rendered_one_does(client, status, path):
    rendered = client.get(path)
    cached = client.get(path)
    assert cached["ETag"] == rendered["ETag"]
    assert cached.content == rendered.content
    for header in (*SECURITY_HEADERS, "Content-Type", "Cache-Control", "Last-Modified"):
        assert cached[header] == rendered[header], header
    assert int(cached["Content-Length"]) == len(cached.content)
    assert not cached.cookies


def test_a_cache_hit_touches_neither_the_database_nor_the_session(
    client, status, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_a_cached_page_is_refused_to_a_host_outside_allowed_hosts(client, status, settings):
    settings.ALLOWED_HOSTS = ["warstatus.example"]
    assert client.get("/", HTTP_HOST="warstatus.example").status_code == 200
    assert client.get("/", HTTP_HOST="warstatus.example").status_code == 200  # a hit
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_a_revalidation_from_the_cache_is_an_empty_304(client, status):
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert "Content-Security-Policy" in response


def test_a_visitor_with_a_session_never_gets_the_public_copy(client, status):

    client.get("/")  # cached for the public
    staff = make_user("ed")
    client.force_login(staff)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


@pytest.mark.django_db(transaction=True)
def test_a_publish_by_another_process_is_seen_within_the_version_max_age_despite_this_processs_copy(
    client, settings
):
    import time
    from datetime import timedelta

    from django.utils import timezone

    from audit.models import AuditEntry

    make_check(age=timedelta(days=3), verdict=make_verdict())
    client.get("/")
    stale = client.get("/")  # now also held in this process's memory
    assert "has not been checked" in stale.content.decode()
    # Another process records a check: new rows, and its audit entry, committed there
    # (so nothing of this process's own bookkeeping has seen it).
    make_check()
    AuditEntry.objects.create(
        created_at=timezone.now(), action="changed", summary="Checked", hash="f" * 64
    )
    time.sleep(settings.CONTENT_VERSION_MAX_AGE + 0.2)
    fresh = client.get("/")
    assert fresh["ETag"] != stale["ETag"]
    assert "has not been checked" not in fresh.content.decode()


@pytest.mark.parametrize(
    ("path", "stale_text"),
    [("/", "has not been checked for"), ("/api/status.json", '"stale": true')],
)
def test_a_cached_page_turns_stale_with_the_clock_without_any_edit(
    client, settings, path, stale_text
):
    import time
    from datetime import timedelta

    settings.STATUS_STALE_AFTER = timedelta(seconds=2)
    make_check(age=timedelta(0), verdict=make_verdict())
    first = client.get(path)
    assert stale_text not in first.content.decode()
    assert client.get(path)["ETag"] == first["ETag"]  # from the cache
    time.sleep(2.5)  # nothing is edited or recorded meanwhile
    later = client.get(path)
    assert stale_text in later.content.decode()
    assert later["ETag"] != first["ETag"]


def test_a_made_up_session_cookie_gets_the_cached_page_not_a_render(
    client, status, django_assert_num_queries
):
    cached = client.get("/")
    client.cookies["sessionid"] = "made-up-to-skip-the-cache"
    with django_assert_num_queries(1):  # the session lookup, not the page's queries
        response = client.get("/")
    assert response["ETag"] == cached["ETag"]
    assert "public" in response["Cache-Control"]


def test_a_change_in_the_same_second_is_not_hidden_by_if_modified_since(client, status):
    import time

    from django.utils.http import http_date

    from status import services

    time.sleep(1 - time.time() % 1 + 0.01)  # start of a second: what follows fits in it
    first = client.get("/")
    services.record_check(user=None)
    response = client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    later = client.get("/", HTTP_IF_MODIFIED_SINCE=http_date(time.time() + 1))
    assert later.status_code == 304


def test_made_up_page_and_outlet_values_do_not_fill_the_cache(client, status):
    from django.core.cache import cache

    from tests.conftest import require_redis

    require_redis()
    for query in ("", "?page=1", "?page=001", "?page=", "?utm_source=x"):
        assert client.get(f"/news/{query}").status_code == 200, query
    for query in (
        "?page=x",
        "?page=0",
        "?page=-3",
        "?page=%C2%B2",
        "?page=10001",
        "?page=2",
        "?page=9999",
        "?outlet=nowhere.example",
        "?outlet=x&page=3",
        "?outlet=%00",
    ):
        assert client.get(f"/news/{query}").status_code == 404, query
    assert client.get("/changelog/?page=500").status_code == 404
    keys = cache._cache.get_client().keys("*page:*/news/*")
    assert len(keys) == 1, keys


def test_a_deploy_never_serves_pages_the_previous_release_rendered(client, status, monkeypatch):
    from core.pagecache import keys
    from status.models import Verdict

    assert "No formal state of war." in client.get("/").content.decode()
    # A change the cache cannot know of: only a new release may show it.
    Verdict.objects.update(headline="Headline as the new release renders it.")
    assert "No formal state of war." in client.get("/").content.decode()
    monkeypatch.setattr(keys, "release_id", lambda: "next-release")
    assert "Headline as the new release renders it." in client.get("/").content.decode()


@pytest.mark.urls("tests.core.pagecache_urls")
def test_which_pages_are_cached_is_the_views_own_say_not_a_list_of_paths(client):
    from tests.core.pagecache_urls import renders

    renders.clear()
    first = client.get("/anything/cached/")
    hit = client.get("/anything/cached/")
    assert hit.content == first.content == b"cached 1"
    assert not hasattr(hit.wsgi_request, "session")  # answered above the session middleware
    client.get("/anything/not-cached/")
    plain = client.get("/anything/not-cached/")
    assert renders["not_cached"] == 2
    assert "ETag" not in plain and hasattr(plain.wsgi_request, "session")


@pytest.mark.urls("tests.core.pagecache_urls")
def test_only_the_parameters_a_view_declares_make_a_separate_copy(client):
    from tests.core.pagecache_urls import renders

    renders.clear()
    assert client.get("/anything/cached/?page=2&q=x").content == b"cached 1"
    assert client.get("/anything/cached/?page=3").content == b"cached 1"
    assert client.get("/paged/?page=2").content == b"page 2"
    assert client.get("/paged/?page=02&utm_source=x").content == b"page 2"
    assert client.get("/paged/?page=1").content == client.get("/paged/").content == b"page 1"
    assert renders == {"cached": 1, "paged": 2}
    assert client.get("/paged/?page=x").status_code == 404


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_query_error_is_reported_as_the_bug_it_is_not_as_a_database_outage(client, caplog):
    from django.db import DataError

    with pytest.raises(DataError):
        client.get("/query-bug/")
    assert "Database unavailable" not in caplog.text
    down = client.get("/database-down/")
    assert down.status_code == 503
    assert "Database unavailable" in caplog.text


def test_a_failed_if_match_precondition_is_a_412_as_django_answers_it(client, status):
    client.get("/")
    assert client.get("/", HTTP_IF_MATCH='"not-this-page"').status_code == 412
    assert client.get("/", HTTP_IF_NONE_MATCH="*").status_code == 304


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/", 200),
        ("/api/status.json", 200),
        ("/explainers/", 200),
        ("/news/", 404),
        ("/changelog/", 404),
    ],
)
@pytest.mark.parametrize("page", ["%C2%B2", "%E2%91%A0", "x", "0"])
def test_a_page_number_that_is_no_number_is_ignored_or_a_404_never_a_500(
    client, status, path, answer, page
):
    assert client.get(f"{path}?page={page}").status_code == answer


def test_a_nul_in_the_outlet_is_a_404_not_a_false_database_alarm(client, status, caplog):
    import logging

    with caplog.at_level(logging.INFO):
        response = client.get("/news/?outlet=%00")
    assert response.status_code == 404
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


IGNORING = [
    "/",
    "/status/history/",
    "/explainers/",
    "/explainers/article-5/",
    "/faq/",
    "/feeds/updates.xml",
    "/feeds/news.xml",
    "/api/status.json",
    "/badge.svg",
    "/sitemap.xml",
    "/news/",
    "/changelog/",
]
# These read ?page= (and /news/ ?outlet=); every other parameter is ignored there too.
PAGINATED = {"/news/", "/changelog/"}


def _ignored_name(path: str, n: int) -> str:
    names = ["utm_source", "q", f"x{n}"]
    if path not in PAGINATED:
        names += ["page", "outlet", "p"]  # no view here reads them
    return names[n % len(names)]


def test_a_thousand_ignored_query_strings_store_no_new_copy(client):
    from django.core.cache import cache
    from django.core.management import call_command

    from tests.conftest import require_redis

    require_redis()
    call_command("load_launch_content", verbosity=0)
    for path in IGNORING:
        assert client.get(path).status_code == 200, path
    redis = cache._cache.get_client()
    before = sorted(redis.keys("*"))
    for n in range(1000):
        path = IGNORING[n % len(IGNORING)]
        name = _ignored_name(path, n)
        assert client.get(path, {name: f"{n}-ignored"}).status_code == 200, (path, name)
    assert sorted(redis.keys("*")) == before

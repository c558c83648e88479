"""The home page, history, API and badge as readers and embedders see them."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from status import services
from status.models import State
from tests.factories import make_user
from tests.status.factories import invoke_article5, make_check, make_indicators, make_verdict

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        # The last Sunday of March 2026 is the 29th: clocks go forward at 01:00 UTC.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "Sunday 29 March 2026, 00:59 GMT"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "Sunday 29 March 2026, 02:00 BST"),
        # The last Sunday of October 2026 is the 25th: clocks go back at 01:00 UTC.
        (datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "Sunday 25 October 2026, 01:59 BST"),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "Sunday 25 October 2026, 01:00 GMT"),
    ],
)
def test_last_checked_is_shown_in_uk_time_on_both_sides_of_a_clock_change(client, utc, shown):
    from status.models import Check

    Check.objects.create(checked_at=utc, verdict=make_verdict())
    page = client.get("/").content.decode()
    assert f">{shown}</time>" in page
    assert "Europe/London" in page


def test_the_home_page_gives_the_answer_first_and_hides_no_staleness(client, settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    verdict = make_verdict(answer="No", headline="No formal state of war.")
    make_check(age=timedelta(hours=30), verdict=verdict)
    page = client.get("/").content.decode()
    assert re.search(r'<p class="answer[^"]*">No</p>', page)
    assert "No formal state of war." in page
    assert "has not been checked for 1 day and 6 hours" in page
    assert "/status/history/" in page


def test_a_fresh_status_shows_no_warning(client):
    make_check(age=timedelta(minutes=5), verdict=make_verdict())
    assert "has not been checked" not in client.get("/").content.decode()


def test_the_home_page_makes_the_same_number_of_queries_with_1_and_200_indicators(
    client, django_assert_num_queries, settings
):
    make_check(verdict=make_verdict())
    make_indicators(1)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/")
    make_indicators_more = make_indicators  # same factory, more rows
    from status.models import Indicator

    Indicator.objects.all().delete()
    make_indicators_more(200)
    with django_assert_num_queries(len(one)):
        response = client.get("/")
    assert response.content.decode().count('id="indicator-') == 200


def test_the_api_gives_every_field_with_the_right_types(client, settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    verdict = make_verdict()
    make_check(age=timedelta(hours=2), verdict=verdict)
    make_indicators(3)
    response = client.get("/api/status.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]
    assert not response.cookies
    data = response.json()
    assert data["verdict"] == State.NO_WAR
    assert data["answer"] == "No"
    assert isinstance(data["summary"], str)
    assert data["stale"] is False
    assert data["url"].endswith("/")
    for field in ("last_checked_at", "changed_at"):
        parsed = datetime.fromisoformat(data[field])
        assert parsed.utcoffset() is not None, f"{field} has no offset"
        assert re.search(r"[+-]\d\d:\d\d$", data[field])
    assert [i["key"] for i in data["indicators"]] == ["indicator-0", "indicator-1", "indicator-2"]
    assert set(data["indicators"][0]) >= {"name", "state", "note", "updated_at", "sources"}


def test_the_api_says_stale_when_the_newest_check_is_too_old(client, settings):
    settings.STATUS_STALE_AFTER = timedelta(hours=24)
    make_check(age=timedelta(hours=25), verdict=make_verdict())
    assert client.get("/api/status.json").json()["stale"] is True


def test_the_badge_is_well_formed_accessible_svg(client):
    make_verdict(answer="No")
    response = client.get("/badge.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert root.find(f"{ns}title").text == "NATO at war with Russia: No"
    assert root.get("role") == "img"
    # Scales to whatever size a page gives it, without clipping the answer.
    assert root.get("viewBox") == f"0 0 {root.get('width')} 20"


@pytest.mark.parametrize("answer", ["Not\x0bformally", "Not\r\nformally", "Not\x1f\tformally"])
def test_a_control_character_or_line_break_in_the_answer_keeps_the_badge_well_formed(
    client, answer
):
    make_verdict(answer=answer)  # a row saved before answers were checked
    root = ET.fromstring(client.get("/badge.svg").content)
    title = root.find("{http://www.w3.org/2000/svg}title").text
    assert title == "NATO at war with Russia: Not formally"


def test_history_lists_every_verdict_with_its_reason(client):
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="First.", summary="s", reason=""
    )
    services.change_verdict(
        user=None,
        state=State.ARTICLE4_CONSULTATIONS,
        answer="No",
        headline="Second.",
        summary="s",
        reason="Allies began consultations.",
    )
    page = client.get("/status/history/").content.decode()
    assert page.index("Second.") < page.index("First.")
    assert "Allies began consultations." in page
    assert "/badge.svg" in page and "/api/status.json" in page


def test_a_check_changes_the_cached_home_page_on_the_very_next_request(client):
    verdict = make_verdict()
    make_check(age=timedelta(days=3), verdict=verdict)
    before = client.get("/")
    assert "has not been checked" in before.content.decode()
    assert client.get("/")["ETag"] == before["ETag"]  # served from the cache
    services.record_check(user=None)
    after = client.get("/")
    assert "has not been checked" not in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_a_matching_etag_gets_304_with_an_empty_body(client):
    make_check(verdict=make_verdict())
    first = client.get("/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_anonymous_pages_set_no_cookie_and_do_not_vary_on_cookie(client):
    make_check(verdict=make_verdict())
    for url in ("/", "/status/history/", "/api/status.json", "/badge.svg"):
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "public" in response["Cache-Control"], url
        assert "s-maxage" in response["Cache-Control"], url


def test_staff_responses_are_never_cached(client):
    make_check(verdict=make_verdict())
    staff = make_user("ed", password="a-long-password-1")
    client.force_login(staff)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_last_checked_uses_time_element_with_offset(client):
    make_check(verdict=make_verdict())
    page = client.get("/").content.decode()
    stamp = re.search(r'<time datetime="([^"]+)">[^<]+ (GMT|BST)</time>', page)
    assert stamp and timezone.datetime.fromisoformat(stamp.group(1)).utcoffset() is not None


def test_random_query_strings_do_not_fill_the_cache(client):
    from django.core.cache import cache

    make_check(verdict=make_verdict())
    first = client.get("/?utm_source=a")
    for n in range(20):
        assert client.get(f"/?junk={n}")["ETag"] == first["ETag"]
    from tests.conftest import require_redis

    require_redis()
    keys = cache._cache.get_client().keys("*page:*")
    assert len(keys) == 1


def _someone_else_renders_the_home_page():
    """Hold the home page's render lock under the current version, as a request in
    another process does while it renders after a publish: (the lock, the page's key)."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from core.cache_version import content_version
    from core.pagecache import lock_key, page_key

    key = page_key(RequestFactory().get("/"))
    lock = lock_key(key, content_version())
    assert cache.add(lock, 1, timeout=10)
    return lock, key


def test_while_one_request_renders_after_a_publish_the_others_wait_for_its_copy(client):
    import threading

    from django.core.cache import cache
    from django.db import connection
    from django.http import HttpResponse
    from django.test.utils import CaptureQueriesContext

    from core.cache_version import content_version
    from core.pagecache.entries import entry_from

    make_check(verdict=make_verdict())
    client.get("/")
    invoke_article5(user=None)  # every cached copy is now out of date
    lock, key = _someone_else_renders_the_home_page()
    theirs = entry_from(HttpResponse(b"Rendered by the other request."), content_version())

    def finish_rendering() -> None:
        cache.set(key, theirs)
        cache.delete(lock)

    finished = threading.Timer(0.3, finish_rendering)
    finished.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            during = client.get("/")
    finally:
        finished.join()
    assert during.content == b"Rendered by the other request."
    assert len(queries) == 0, "no second render while the first is under way"


def test_a_reader_is_never_sent_the_previous_verdict_while_another_request_renders(
    client, monkeypatch
):
    """A reader may have seen the new verdict already (rendered while the cache refused
    writes, so the cache still holds the old page): the previous copy is never the answer,
    however long the other render takes."""
    from core.pagecache import locking

    make_check(verdict=make_verdict())
    assert "No formal state of war." in client.get("/").text
    invoke_article5(user=None)
    _someone_else_renders_the_home_page()  # and never finishes
    monkeypatch.setattr(locking, "WAIT_FOR_RENDER", 0.2)
    during = client.get("/").text
    assert "Article 5 invoked." in during
    assert "No formal state of war." not in during


def test_a_reader_waiting_for_a_render_that_stored_nothing_renders_the_page_at_once(client):
    """The other request's render was not stored (its answer was a redirect or a 404, or
    the cache refused the write): the reader waiting for it does not wait out
    WAIT_FOR_RENDER (2 s of a worker, for each reader that arrived during the render)."""
    import threading
    import time

    from django.core.cache import cache

    make_check(verdict=make_verdict())
    client.get("/")
    invoke_article5(user=None)
    lock, _key = _someone_else_renders_the_home_page()
    finished = threading.Timer(0.1, cache.delete, args=(lock,))  # done, nothing stored
    finished.start()
    try:
        started = time.monotonic()
        during = client.get("/")
        waited = time.monotonic() - started
    finally:
        finished.join()
    assert "Article 5 invoked." in during.text
    assert waited < 1.0

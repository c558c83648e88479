"""The shared cache for real: varnishd running deploy/varnish/default.vcl in front of a
live test server, purged by the worker when a service records a change."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from edge import tasks
from edge.models import Purge, PurgeState
from explainers import services as explainer_services
from explainers.models import ExplainerState
from incidents import services as incident_services
from status import services
from tests.edge.varnish import Relay, Varnish
from tests.incidents.factories import make_draft, reputable_link
from tests.status.factories import invoke_article5, make_verdict

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_anonymous_page_is_kept_and_the_second_request_is_a_hit(cache):
    make_verdict()
    first = cache.get("/badge.svg")
    second = cache.get("/badge.svg")
    assert (first.status_code, first.headers["X-Cache"]) == (200, "MISS")
    assert second.headers["X-Cache"] == "HIT"
    assert "max-age=0" in second.headers["Cache-Control"]  # browsers still revalidate
    for internal in ("Surrogate-Control", "Surrogate-Key", "Cache-Tag", "xkey"):
        assert internal not in second.headers


def test_a_purge_by_key_drops_the_pages_that_carry_it_and_only_those(cache):
    make_verdict()
    for path in ("/", "/api/status.json", "/badge.svg", "/news/", "/faq/"):
        cache.get(path)
    assert cache.purge("status").status_code == 200
    assert cache.get("/badge.svg").headers["X-Cache"] == "MISS"
    assert cache.get("/api/status.json").headers["X-Cache"] == "MISS"
    assert cache.get("/").headers["X-Cache"] == "MISS"
    assert cache.get("/news/").headers["X-Cache"] == "HIT"
    assert cache.get("/faq/").headers["X-Cache"] == "HIT"


def test_a_verdict_change_purges_its_pages_and_the_first_reader_gets_the_new_one_as_a_hit(
    cache, editor
):
    make_verdict()
    for path in ("/", "/api/status.json", "/badge.svg", "/news/", "/faq/"):
        cache.get(path)
        assert cache.get(path).headers["X-Cache"] == "HIT"

    invoke_article5(editor)

    assert set(Purge.objects.values_list("state", flat=True)) == {PurgeState.DONE}
    (purge,) = Purge.objects.all()
    assert purge.keys == ["changelog", "status"] and purge.target.endswith(cache.purge_url)
    badge, api, home = cache.get("/badge.svg"), cache.get("/api/status.json"), cache.get("/")
    # Fetched again by the worker right after the purge: the first reader gets a hit.
    assert [r.headers["X-Cache"] for r in (badge, api, home)] == ["HIT"] * 3
    assert ": Yes<" in badge.text
    assert api.json()["answer"] == "Yes"
    # Pages that don't show the verdict are still the copies held before.
    assert cache.get("/news/").headers["X-Cache"] == "HIT"
    assert cache.get("/faq/").headers["X-Cache"] == "HIT"


def test_a_status_check_purges_the_status_pages_through_the_real_service(cache, editor):
    make_verdict()
    before = cache.get("/api/status.json").json()
    services.record_check(user=editor, note="Read NATO.")
    after = cache.get("/api/status.json")
    assert after.json()["last_checked_at"] != before["last_checked_at"]


def test_a_new_incident_purges_the_record_and_the_home_page_not_the_verdict_pages(cache, editor):
    make_verdict()
    draft = make_draft(editor, title="Drones over Rzeszów airport")
    incident_services.add_source(
        user=editor,
        incident=draft,
        reason="Seen.",
        link=reputable_link(),
        publisher="PAP",
        title="Drones",
        published_on="2025-09-10",
    )
    record = ("/", "/incidents/", "/incidents/timeline/", "/feeds/incidents.xml")
    others = ("/badge.svg", "/api/status.json", "/faq/", "/news/", "/explainers/")
    for path in record + others:
        cache.get(path)
        assert cache.get(path).headers["X-Cache"] == "HIT"

    incident_services.publish_incident(user=editor, incident=draft, reason="Two sources.")

    purge = Purge.objects.latest("id")
    assert (purge.state, purge.keys) == (PurgeState.DONE, ["changelog", "incidents"])
    assert "Drones over Rzeszów airport" in cache.get("/incidents/").text
    assert "Drones over Rzeszów airport" in cache.get("/feeds/incidents.xml").text
    assert cache.get("/incidents/timeline/").headers["X-Cache"] == "MISS"
    assert [cache.get(path).headers["X-Cache"] for path in others] == ["HIT"] * len(others)


def test_a_signed_in_editor_is_never_served_from_nor_stored_in_the_cache(cache, editor):
    make_verdict()
    client = Client()
    client.force_login(editor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        response = cache.get("/", Cookie=cookie)
        assert response.headers["X-Cache"] == "PASS"
        assert "no-store" in response.headers["Cache-Control"]
    assert cache.get("/").headers["X-Cache"] == "MISS"  # the editor's copy was not kept


def test_a_preview_of_a_draft_never_enters_the_cache(cache, editor):
    explainer_services.save_explainer(
        user=None,
        slug="draft-page",
        title="A draft",
        summary="Not yet.",
        body="Secret draft text.",
        state=ExplainerState.DRAFT,
        publish_at=timezone.now() + timedelta(days=1),
    )
    client = Client()
    client.force_login(editor)
    preview = cache.get(
        "/explainers/draft-page/", Cookie=f"sessionid={client.cookies['sessionid'].value}"
    )
    assert (preview.status_code, preview.headers["X-Cache"]) == (200, "PASS")
    assert "Secret draft text." in preview.text
    anonymous = cache.get("/explainers/draft-page/")
    assert anonymous.status_code == 404
    assert "Secret draft text." not in anonymous.text


def test_a_response_that_sets_a_cookie_is_never_kept_whatever_its_lifetime(cache, settings):
    settings.ROOT_URLCONF = "tests.edge.urls"
    first = cache.get("/sets-a-cookie/")
    assert "visitor=someone" in first.headers["Set-Cookie"]
    second = cache.get("/sets-a-cookie/")
    assert second.headers["X-Cache"] == "MISS" and "Set-Cookie" in second.headers


def test_a_post_goes_to_the_site_and_is_never_kept(cache):
    response = httpx.post(cache.url + "/subscribe/", data={"email": "a@example.org"})
    assert response.headers["X-Cache"] == "PASS"


def test_tracking_parameters_and_their_order_do_not_split_the_cache(cache):
    make_verdict()
    assert cache.get("/?utm_source=x&b=2&a=1&fbclid=y").headers["X-Cache"] == "MISS"
    assert cache.get("/?a=1&gclid=z&b=2&utm_medium=social").headers["X-Cache"] == "HIT"
    assert cache.get("/?a=1&b=2").headers["X-Cache"] == "HIT"


def test_only_the_purge_listener_takes_purges(cache):
    refused = httpx.request("PURGE", cache.url + "/", headers={"xkey-purge": "all"})
    assert refused.status_code == 403


def test_the_health_check_through_the_cache_asks_the_origin(cache):
    first, second = cache.get("/healthz"), cache.get("/healthz")
    assert first.status_code == 200 and second.headers["X-Cache"] == "PASS"


def test_a_purge_missed_while_the_cache_was_unreachable_is_sent_when_it_is_back(
    cache, editor, settings
):
    relay = Relay(cache.purge_port)
    settings.CACHE_PURGE_URLS = [relay.url]
    try:
        make_verdict()
        cache.get("/badge.svg")
        relay.open = False
        invoke_article5(editor)
        purge = Purge.objects.get()
        assert purge.state == PurgeState.PENDING
        assert purge.attempts >= 1 and purge.last_error
        assert ": No<" in cache.get("/badge.svg").text  # still the copy from before

        relay.open = True
        assert tasks.replay_purges() == 0
        purge.refresh_from_db()
        assert purge.state == PurgeState.DONE
        assert ": Yes<" in cache.get("/badge.svg").text
        assert tasks.replay_purges() == 0  # nothing left: running it again does nothing
    finally:
        relay.close()


def test_a_purged_page_is_fetched_while_the_probe_calls_a_busy_origin_down(
    live_server, editor, settings, monkeypatch
):
    """In a spike the origin's /healthz can miss the probe's deadline while pages still
    render (bench/README.md, "Through Varnish"). The probe then decides what /healthz says
    and how long stale copies are served, but a page purged by a change is still fetched:
    never a 503 for every reader until the probe recovers."""
    address = urlsplit(live_server.url)
    own = Varnish(address.hostname, address.port)  # its probe alone is made to fail
    own.start()
    try:
        settings.CACHE_PURGE_URLS = [own.purge_url]
        settings.SITE_URL = own.url
        make_verdict()
        assert ": No<" in own.get("/badge.svg").text
        busy = {"database": "error: no answer within 1.5 s", "cache": "ok", "broker": "ok"}
        monkeypatch.setattr("core.health._run_checks", lambda: busy)
        deadline = time.monotonic() + 30
        while own.get("/healthz").reason_phrase != "Origin down":
            assert time.monotonic() < deadline, "the probe never called the origin down"
            time.sleep(0.5)

        invoke_article5(editor)

        badge = own.get("/badge.svg")
        assert badge.status_code == 200 and ": Yes<" in badge.text
        assert own.get("/api/status.json").json()["answer"] == "Yes"
        assert own.get("/healthz").status_code == 503  # the probe's verdict still shows
    finally:
        own.remove()


def test_public_pages_reach_readers_compressed_and_an_editors_page_does_not(cache, editor):
    make_verdict()
    plain = cache.get("/", **{"Accept-Encoding": "identity"})
    packed = cache.get("/", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.text == plain.text
    assert packed.num_bytes_downloaded < len(plain.content) / 2
    # A revalidation by the (now weak) ETag is still a 304.
    again = cache.get("/", **{"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304
    # A page meant for one visitor carries a CSRF token: never compressed (BREACH).
    client = Client()
    client.force_login(editor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    mine = cache.get("/admin/", Cookie=cookie, **{"Accept-Encoding": "gzip"})
    assert mine.status_code == 200 and "csrfmiddlewaretoken" in mine.text
    assert "content-encoding" not in mine.headers

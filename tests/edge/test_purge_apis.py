"""Purging a CDN by key through its API (Fastly, Cloudflare), against a fake API on
loopback: the same rows, retries and replay as for Varnish."""

from __future__ import annotations

import json
import time

import pytest
import redis
from werkzeug import Response

from edge import services, tasks
from edge.models import Purge, PurgeState
from status import services as status_services
from tests.conftest import TEST_EDGE_QUEUE
from tests.status.factories import make_verdict
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db

TOKEN = "t" * 40


@pytest.fixture
def fastly(settings, httpserver):
    settings.FASTLY_API_TOKEN, settings.FASTLY_SERVICE_ID = TOKEN, "svc123"
    settings.FASTLY_API_URL = httpserver.url_for("").rstrip("/")
    return httpserver


@pytest.fixture
def cloudflare(settings, httpserver):
    settings.CLOUDFLARE_API_TOKEN, settings.CLOUDFLARE_ZONE_ID = TOKEN, "zone9"
    settings.CLOUDFLARE_API_URL = httpserver.url_for("").rstrip("/")
    return httpserver


def _check(editor, django_capture_on_commit_callbacks) -> None:
    make_verdict()
    with django_capture_on_commit_callbacks(execute=True):
        status_services.record_check(user=editor, note="Read NATO.")


def test_a_check_purges_its_keys_at_fastly_with_the_token(
    fastly, editor, django_capture_on_commit_callbacks
):
    fastly.expect_request(
        "/service/svc123/purge",
        method="POST",
        headers={"Fastly-Key": TOKEN, "Surrogate-Key": "changelog status"},
    ).respond_with_json({"changelog": "id1", "status": "id2"})
    _check(editor, django_capture_on_commit_callbacks)
    fastly.check_assertions()
    purge = Purge.objects.get()
    assert (purge.target, purge.state, purge.attempts) == ("fastly", PurgeState.DONE, 1)


def test_a_check_purges_its_tags_at_cloudflare_with_the_token(
    cloudflare, editor, django_capture_on_commit_callbacks
):
    cloudflare.expect_request(
        "/client/v4/zones/zone9/purge_cache",
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={"tags": ["changelog", "status"]},
    ).respond_with_json({"success": True, "errors": [], "result": {"id": "x"}})
    _check(editor, django_capture_on_commit_callbacks)
    cloudflare.check_assertions()
    assert Purge.objects.get().state == PurgeState.DONE


def test_a_refused_purge_is_retried_with_its_error_kept_then_replayed_by_beat(
    cloudflare, editor, django_capture_on_commit_callbacks
):
    refusals = []

    def refuse(request):
        refusals.append(json.loads(request.data))
        return Response(json.dumps({"success": False, "errors": [{"code": 10000}]}), 403)

    cloudflare.expect_request("/client/v4/zones/zone9/purge_cache").respond_with_handler(refuse)
    _check(editor, django_capture_on_commit_callbacks)
    purge = Purge.objects.get()
    assert purge.state == PurgeState.PENDING
    assert purge.attempts == 1 + len(tasks.BACKOFF)  # the first try and each retry
    assert "403" in purge.last_error

    cloudflare.clear()
    cloudflare.expect_request("/client/v4/zones/zone9/purge_cache").respond_with_json(
        {"success": True}
    )
    assert tasks.replay_purges() == 0
    purge.refresh_from_db()
    assert (purge.state, purge.last_error) == (PurgeState.DONE, "")


def test_pending_purges_for_one_cache_go_in_one_call_with_every_key(cloudflare):
    Purge.objects.create(keys=["status"], target="cloudflare")
    Purge.objects.create(keys=["explainer-3", "explainers"], target="cloudflare")
    cloudflare.expect_oneshot_request(
        "/client/v4/zones/zone9/purge_cache",
        json={"tags": ["explainer-3", "explainers", "status"]},
    ).respond_with_json({"success": True})
    assert services.send_pending() == 0
    cloudflare.check_assertions()
    assert set(Purge.objects.values_list("state", flat=True)) == {PurgeState.DONE}


def test_a_purge_for_a_cache_no_longer_configured_is_dropped(settings):
    settings.CACHE_PURGE_URLS = []
    Purge.objects.create(keys=["status"], target="varnish http://gone:6091")
    assert services.send_pending() == 0
    assert Purge.objects.get().state == PurgeState.DROPPED


def test_no_purge_is_recorded_when_no_shared_cache_is_configured(
    editor, django_capture_on_commit_callbacks
):
    _check(editor, django_capture_on_commit_callbacks)
    assert not Purge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_process_that_made_a_change_purges_it_itself_twice_and_queues_the_retry(
    fastly, editor, own_redis
):
    """Without a worker: the change's own process purges at once, and once more when
    every web process has the new version (another server's could have stored the old
    page meanwhile); the worker's task waits in the broker as the retry."""
    fastly.expect_request("/service/svc123/purge", method="POST").respond_with_json({})
    previous = celery_app.conf.CELERY_BROKER_URL
    celery_app.conf.CELERY_BROKER_URL = own_redis.url()
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    try:
        make_verdict()
        status_services.record_check(user=editor, note="Read NATO.")
        deadline = time.monotonic() + 20
        while len(fastly.log) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        celery_app.conf.CELERY_BROKER_URL = previous
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
    purges = [request.headers["Surrogate-Key"] for request, _ in fastly.log]
    assert purges == ["changelog status", "changelog status"]
    purge = Purge.objects.latest("id")
    assert (purge.state, purge.attempts) == (PurgeState.DONE, 1)
    queued = redis.Redis(port=own_redis.port).llen(TEST_EDGE_QUEUE)
    assert queued == 1  # send_purges, for the worker to follow up

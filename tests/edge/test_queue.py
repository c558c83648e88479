"""Purges have a queue of their own (settings.EDGE_QUEUE), so a change's purge never
waits behind a burst of feed polls or emails: a worker for that queue alone (compose's
`edge-worker`) takes the purge and its repeat, whatever waits on the main queue."""

from __future__ import annotations

import time

import pytest

from edge.models import Purge, PurgeState
from tests.conftest import (
    TEST_EDGE_QUEUE,
    TEST_QUEUE,
    start_worker,
    stop_worker,
    wait_for_worker,
)
from tests.factories import EDITORS, make_user
from tests.status.factories import invoke_article5, make_verdict
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


def _purges_seen(httpserver) -> list[str]:
    return [
        request.headers.get("xkey-purge", "")
        for request, _ in httpserver.log
        if request.method == "PURGE"
    ]


def test_a_change_is_purged_by_a_worker_that_takes_only_the_purge_queue(httpserver, settings):
    """No worker takes the main queue here, as when every process of the main worker is
    busy polling slow feeds on the worst day."""
    httpserver.expect_request("/", method="PURGE").respond_with_data("Purged")
    cache_url = httpserver.url_for("/")
    settings.CACHE_PURGE_URLS = [cache_url]
    editor = make_user("ed", role=EDITORS)
    make_verdict()
    worker = start_worker(
        TEST_EDGE_QUEUE,
        CELERY_QUEUE=TEST_QUEUE,
        CELERY_EDGE_QUEUE=TEST_EDGE_QUEUE,
        CACHE_PURGE_URLS=cache_url,
    )
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    try:
        wait_for_worker(worker, TEST_EDGE_QUEUE)
        invoke_article5(editor)

        deadline = time.monotonic() + 60
        # The purge, then its repeat (edge.tasks.SETTLE_SECONDS later): both on this queue.
        while len(_purges_seen(httpserver)) < 2:
            assert time.monotonic() < deadline, "the purge worker never purged twice"
            time.sleep(0.2)
        assert _purges_seen(httpserver) == ["changelog status"] * 2
        assert Purge.objects.get().state == PurgeState.DONE
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
        stop_worker(worker)

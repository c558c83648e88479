"""The site keeps answering when Redis restarts or hangs, or the database blinks."""

import pytest
from django.test import Client

from status import services
from status.models import State, Verdict
from subscriptions.models import Announcement
from tests.conftest import database_down
from tests.redis_server import cache_on
from tests.status.factories import posted_sources
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdict():
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )


def test_pages_are_served_while_redis_restarts(client, settings, verdict, own_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url(),
        }
    }
    assert client.get("/").status_code == 200
    assert client.get("/api/status.json").json()["answer"] == "No"
    own_redis.stop()
    down = client.get("/")
    assert down.status_code == 200 and b">No</p>" in down.content
    services.record_check(user=None)  # an editor can still work
    own_redis.start()
    again = client.get("/")
    assert again.status_code == 200 and "ETag" in again


def test_with_redis_hung_pages_the_api_and_healthz_answer_and_an_editor_s_save_goes_through(
    editor_client, settings, verdict, own_redis
):
    """Redis stopped with SIGSTOP: connections open, nothing answers. It is the cache and
    the broker here, as in production."""
    settings.CACHES = cache_on(own_redis, cool_off=60)
    broker = celery_app.conf.CELERY_BROKER_URL
    celery_app.conf.CELERY_BROKER_URL = own_redis.url(1)
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    client = Client()  # a reader
    try:
        assert "ETag" in client.get("/")  # cached
        own_redis.hang()
        saved = editor_client.post(
            "/admin/status/verdict/add/",
            {
                "state": "article4_consultations",
                "answer": "No",
                "headline": "Consultations.",
                "summary": "Talks.",
                "reason": "Article 4 requested.",
                "seen_verdict": Verdict.objects.current().pk,
                **posted_sources(),
            },
        )
        home = client.get("/")
        api = client.get("/api/status.json")
        health = client.get("/healthz")
        assert own_redis.hung, "Redis answered after all: the test proves nothing"
    finally:
        celery_app.conf.CELERY_BROKER_URL = broker
    assert saved.status_code == 302
    assert Announcement.objects.latest("id").entry.summary.startswith("Verdict changed")
    assert home.status_code == 200 and b"Consultations." in home.content
    assert api.status_code == 200 and api.json()["verdict"] == "article4_consultations"
    assert health.status_code == 200
    assert health.json()["database"] == "ok" and health.json()["cache"].startswith("error")


def test_a_cached_page_is_served_when_the_database_is_down_and_others_get_a_friendly_503(
    client, verdict
):
    assert client.get("/").status_code == 200  # now in the cache
    with database_down():
        cached = client.get("/")
        missing = client.get("/faq/")
    assert cached.status_code == 200 and b">No</p>" in cached.content
    assert missing.status_code == 503
    assert b"Back in a moment" in missing.content


def test_admin_pages_answer_the_same_friendly_503_while_the_database_is_down(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    with database_down():
        pages = [admin_client.get("/admin/"), admin_client.get("/admin/status/verdict/add/")]
        pages.append(Client().post("/admin/login/", {"username": "ed", "password": "x" * 12}))
    for page in pages:
        assert page.status_code == 503 and b"Back in a moment" in page.content
        assert page["Retry-After"] == "30" and "no-store" in page["Cache-Control"]

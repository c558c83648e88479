"""The site keeps answering when Redis restarts or the database blinks."""

import pytest
from django.db import connection
from django.test import Client

from status import services
from status.models import State

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


def test_a_cached_page_is_served_when_the_database_is_down_and_others_get_a_friendly_503(
    client, verdict
):
    assert client.get("/").status_code == 200  # now in the cache
    real = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "warstatus_no_such_database"
    try:
        cached = client.get("/")
        missing = client.get("/faq/")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real
    assert cached.status_code == 200 and b">No</p>" in cached.content
    assert missing.status_code == 503
    assert b"Back in a moment" in missing.content


def test_admin_pages_answer_the_same_friendly_503_while_the_database_is_down(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    real = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "warstatus_no_such_database"
    try:
        pages = [admin_client.get("/admin/"), admin_client.get("/admin/status/verdict/add/")]
        pages.append(Client().post("/admin/login/", {"username": "ed", "password": "x" * 12}))
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real
    for page in pages:
        assert page.status_code == 503 and b"Back in a moment" in page.content
        assert page["Retry-After"] == "30" and "no-store" in page["Cache-Control"]

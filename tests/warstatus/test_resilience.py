"""The public site keeps answering when Redis restarts or the database blinks."""

import shutil
import socket
import subprocess
import time

import pytest
from django.db import connection

from status import services
from status.models import State

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is needed for this test (.ci/run installs it)")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("redis-server did not start")


@pytest.fixture
def verdict():
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )


def test_pages_are_served_while_redis_restarts(client, settings, verdict):
    port = _free_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    redis = _start_redis(port)
    try:
        assert client.get("/").status_code == 200
        assert client.get("/api/status.json").json()["answer"] == "No"
        redis.terminate()
        redis.wait()
        down = client.get("/")
        assert down.status_code == 200 and b">No</p>" in down.content
        services.record_check(user=None)  # an editor can still work
        redis = _start_redis(port)
        again = client.get("/")
        assert again.status_code == 200 and "ETag" in again
    finally:
        redis.terminate()
        redis.wait()


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

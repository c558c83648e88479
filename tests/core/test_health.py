"""/healthz answers whatever hangs: a health check must not hang with what it checks."""

import pytest

from core import health
from tests.redis_server import cache_on
from warstatus.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_cache_and_the_broker_hang(client, settings, own_redis):
    settings.CACHES = cache_on(own_redis, cool_off=60)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # so the broker is probed
    broker = celery_app.conf.CELERY_BROKER_URL
    celery_app.conf.CELERY_BROKER_URL = own_redis.url(1)
    health._broker_probe["at"] = -health.BROKER_PROBE_EVERY  # probe now, not from memory
    own_redis.hang()
    try:
        answers = [client.get("/healthz") for _ in range(3)]
        assert own_redis.hung, "Redis answered after all: the test proves nothing"
    finally:
        own_redis.resume()  # lets the probes still waiting on it finish
        celery_app.conf.CELERY_BROKER_URL = broker
    for answer in answers:
        assert answer.status_code == 200  # the database decides, and it is up
        body = answer.json()
        assert body["database"] == "ok"
        assert body["cache"].startswith("error") and body["broker"].startswith("error")

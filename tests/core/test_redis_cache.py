"""The cache backend: Redis down or hung costs one short wait, then nothing, until it is back.

Each test runs a redis-server of its own (tests/redis_server.py) to stop and hang.
"""

import time

import pytest
from django.core.cache import cache
from redis.exceptions import RedisError

from core.redis_cache import CacheUnavailable
from status import services
from status.models import State
from tests.redis_server import cache_on

pytestmark = pytest.mark.django_db


def test_a_hung_redis_is_asked_once_then_skipped_instead_of_waited_on(settings, own_redis):
    settings.CACHES = cache_on(own_redis, cool_off=60)
    cache.set("k", "v")
    own_redis.hang()
    with pytest.raises(RedisError) as first:
        cache.get("k")
    assert not isinstance(first.value, CacheUnavailable)  # this one did wait on Redis
    for _ in range(100):  # these are not sent: they would each wait out the timeout
        with pytest.raises(CacheUnavailable):
            cache.get("k")
    assert own_redis.hung


def test_redis_is_used_again_once_it_answers_after_the_cool_off(settings, own_redis):
    settings.CACHES = cache_on(own_redis, cool_off=0.2)
    own_redis.hang()
    with pytest.raises(RedisError):
        cache.set("k", "v")
    own_redis.resume()
    time.sleep(0.3)  # past the cool-off
    cache.set("k", "v")
    assert cache.get("k") == "v"


def test_a_change_made_while_redis_was_down_is_never_followed_by_the_older_cached_page(
    client, settings, own_redis
):
    """Redis restarts from a snapshot taken before the change, so it holds the old page
    under the old content version (the change's bump was lost). The version moves on the
    moment Redis answers again, so that copy never comes back."""
    settings.CACHES = cache_on(own_redis, cool_off=0.3)
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )
    assert b">No</p>" in client.get("/").content
    assert "ETag" in client.get("/")  # served from the cache
    own_redis.snapshot()
    own_redis.stop()
    services.change_verdict(
        user=None, state=State.STATE_OF_WAR, answer="Yes", headline="h", summary="s", reason="r"
    )
    assert b">Yes</p>" in client.get("/").content  # rendered without the cache
    own_redis.start()
    answers = []
    for _ in range(8):  # before, across and after the end of the cool-off
        answers.append(client.get("/"))
        time.sleep(0.1)
    assert all(b">Yes</p>" in a.content for a in answers), "an older page came back"
    assert "ETag" in answers[-1]  # and the cache is in use again

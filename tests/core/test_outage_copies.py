"""With Redis hung, pages come from the process's own copies while the database says
nothing changed: a reader gets the page for one query, not a render, and still sees a
change the moment it is made."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.pagecache import outage_copies
from status import services
from status.models import State
from tests.redis_server import cache_on

pytestmark = pytest.mark.django_db


def change_verdict(headline: str) -> None:
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline=headline, summary="s", reason="r"
    )


@pytest.fixture
def hung_cache(settings, own_redis):
    settings.CACHES = cache_on(own_redis, cool_off=60)
    change_verdict("Before the outage.")
    outage_copies._copies.clear()  # what earlier tests in this process left
    own_redis.hang()
    yield own_redis
    own_redis.resume()


def queries_for(client: Client, path: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content


def test_with_redis_hung_a_page_is_rendered_once_then_served_for_one_query(hung_cache):
    reader = Client()
    rendered, first = queries_for(reader, "/")
    served, again = queries_for(reader, "/")
    assert hung_cache.hung, "Redis answered after all: the test proves nothing"
    assert b"Before the outage." in first
    assert again == first
    assert rendered > 3 and served == 1


def test_a_change_made_while_redis_is_hung_shows_on_the_next_request(hung_cache):
    reader = Client()
    reader.get("/")
    change_verdict("Changed during the outage.")
    assert b"Changed during the outage." in reader.get("/").content
    assert b"Changed during the outage." in reader.get("/api/status.json").content


def test_an_outage_copy_is_not_kept_by_a_shared_cache(hung_cache):
    reader = Client()
    reader.get("/")
    response = reader.get("/")
    assert "s-maxage=0" in response["Cache-Control"]
    assert "Surrogate-Control" not in response


def test_an_outage_copy_is_rendered_again_after_a_few_seconds(hung_cache):
    """A page that changes with the clock alone ("checked 5 minutes ago") is not held."""
    reader = Client()
    reader.get("/")
    time.sleep(outage_copies.MAX_AGE + 0.5)
    rendered, _ = queries_for(reader, "/")
    assert rendered > 3

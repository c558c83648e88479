"""The real Varnish in front of the live test server, shared by the tests/edge modules."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.edge.varnish import Varnish


@pytest.fixture(scope="module")
def varnish(django_db_setup, django_db_blocker, live_server):
    # The test database first, so the live server thread connects to it. Its health probe asks the test server's /healthz, which reads the database, also
    # between tests: unblocked, or the probe would call the origin down.
    with django_db_blocker.unblock():
        address = urlsplit(live_server.url)
        cache = Varnish(address.hostname, address.port)
        cache.start()
        yield cache
        cache.remove()


@pytest.fixture
def cache(varnish, settings):
    """The module's Varnish, emptied, as the site's one purge target."""
    assert varnish.purge("all").status_code == 200
    settings.CACHE_PURGE_URLS = [varnish.purge_url]
    # The worker fetches pages again with the Host readers use: the site's own.
    settings.SITE_URL = varnish.url
    return varnish

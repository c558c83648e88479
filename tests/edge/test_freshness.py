"""Freshness through any single fault: a changed verdict reaches readers, straight from
gunicorn and through a real Varnish, within 60 s whichever one part fails, and within
1 s when all is well; and a reader who has seen the new verdict never gets the old one.

The site runs under gunicorn (gunicorn.conf.py, two sync workers) on the test database,
with a redis-server of the test's own as its cache and broker, behind varnishd running
deploy/varnish/default.vcl. No Celery worker runs and the test process sends no task:
the only purges are those the process that made the change sends itself. The bounds are
shortened by settings (tests/edge/freshness_settings.py): Varnish keeps a page 2 s, so
a purge lost too costs seconds here (production: 30 s, and 10 s of grace).

Each fault is made before the change and lasts until both paths show it; then the part
comes back and the readers go on asking, past the cache's cool-off, for the old verdict
coming back (as it did after a Redis hang before the version lived in the database).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis

from edge import services as edge_services
from status import services
from status.models import State
from tests.conftest import shared_database_url
from tests.edge.slow_clients import Gunicorn
from tests.edge.varnish import Varnish
from tests.processes import free_port
from tests.redis_server import RedisServer, cache_on

pytestmark = pytest.mark.django_db(transaction=True)

HEALTHY_BOUND = 1.0
FAULT_BOUND = 60.0
# How long readers go on asking once the part is back: past the gunicorn's breaker
# cool-off (1 s here), when the old verdict used to come back.
AFTER_RECOVERY = 3.0
_headlines = itertools.count(1)


@dataclass
class Site:
    redis: RedisServer
    gunicorn: Gunicorn
    varnish: Varnish
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    def paths(self) -> dict[str, str]:
        return {"origin": self.gunicorn.url + "/", "varnish": self.varnish.url + "/"}

    def read(self, channel: str) -> str:
        url = self.paths()[channel]
        response = self.client.get(url, headers={"X-Forwarded-Proto": "http"})
        assert response.status_code == 200, (channel, response.status_code, response.text[:300])
        return response.text


@pytest.fixture
def site(tmp_path: Path, settings, monkeypatch):
    server = RedisServer()
    gunicorn = Gunicorn(shared_database_url(), tmp_path, workers=2)
    gunicorn.env.update(
        REDIS_URL=server.url(),
        DJANGO_SETTINGS_MODULE="tests.edge.freshness_settings",
        # The content version thread keeps its connection (CONN_MAX_AGE is for requests).
        DATABASE_CONN_MAX_AGE="0",
    )
    gunicorn.start()
    varnish = Varnish("127.0.0.1", gunicorn.port)
    varnish.start()
    # This process makes the changes, with the site's Redis as its cache too, and purges
    # the real Varnish; the broker's route is cut (no worker would take the task).
    settings.CACHES = cache_on(server, cool_off=1.0)
    settings.CACHE_PURGE_URLS = [varnish.purge_url]
    monkeypatch.setattr(edge_services, "send_quietly", lambda *args, **kwargs: False)
    change("Before any fault.")
    found = Site(server, gunicorn, varnish)
    try:
        yield found
    finally:
        found.client.close()
        varnish.remove()
        gunicorn.stop()
        server.remove()


def change(headline: str) -> None:
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline=headline, summary="s", reason="r"
    )


def warm(site: Site, headline: str) -> None:
    """Both paths show `headline`, from their caches."""
    deadline = time.monotonic() + 20  # a copy Varnish holds may outlive a lost purge
    for channel in ("origin", "varnish"):
        while headline not in site.read(channel):
            assert time.monotonic() < deadline, f"{channel} never showed {headline!r}"
            time.sleep(0.05)
        site.read(channel)


@dataclass
class Watch:
    """What readers on each path saw after a change, in order."""

    old: str
    new: str
    started: float = field(default_factory=time.monotonic)
    seen: dict[str, list[tuple[float, str]]] = field(
        default_factory=lambda: {"origin": [], "varnish": []}
    )

    def ask(self, site: Site) -> None:
        for channel in self.seen:
            text = site.read(channel)
            which = "new" if self.new in text else "old" if self.old in text else "other"
            self.seen[channel].append((time.monotonic() - self.started, which))

    def first_new(self, channel: str) -> float | None:
        return next((t for t, which in self.seen[channel] if which == "new"), None)

    def until_both_new(self, site: Site, bound: float) -> None:
        while any(self.first_new(channel) is None for channel in self.seen):
            if time.monotonic() - self.started > bound + 1:
                break
            self.ask(site)
            time.sleep(0.05)

    def keep_asking(self, site: Site, seconds: float) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            self.ask(site)
            time.sleep(0.05)

    def check(self, bound: float) -> None:
        firsts = {channel: self.first_new(channel) for channel in self.seen}
        print(f"first new verdict (s after the change): {firsts}")  # shown with -s
        for channel, seen in self.seen.items():
            first = self.first_new(channel)
            assert first is not None and first <= bound, (
                f"{channel}: the new verdict after {first} s (bound {bound} s): {seen[:40]}"
            )
            after = [which for t, which in seen if t >= first]
            assert after.count("new") == len(after), (
                f"{channel}: an older verdict after the new one: {seen}"
            )


def changed_during(site: Site, bound: float) -> Watch:
    old = f"Verdict {next(_headlines)} before the change."
    change(old)
    warm(site, old)
    new = f"Verdict {next(_headlines)} after the change."
    watch = Watch(old=old, new=new)
    change(new)
    watch.until_both_new(site, bound)
    return watch


def test_with_everything_healthy_a_change_reaches_both_paths_within_a_second(site):
    watch = changed_during(site, HEALTHY_BOUND)
    watch.keep_asking(site, AFTER_RECOVERY)
    watch.check(HEALTHY_BOUND)


def test_with_redis_killed_a_change_reaches_both_paths_and_stays(site):
    old = "Killed: before."
    change(old)
    warm(site, old)
    site.redis.stop()
    watch = Watch(old=old, new="Killed: after.")
    change(watch.new)
    watch.until_both_new(site, FAULT_BOUND)
    site.redis.start()  # back, empty
    watch.keep_asking(site, AFTER_RECOVERY)
    watch.check(FAULT_BOUND)


def test_with_redis_hung_a_change_reaches_both_paths_and_the_old_one_never_comes_back(site):
    """Redis comes back holding the old pages: they must not be served again."""
    old = "Hung: before."
    change(old)
    warm(site, old)
    site.redis.hang()
    watch = Watch(old=old, new="Hung: after.")
    change(watch.new)
    watch.until_both_new(site, FAULT_BOUND)
    assert site.redis.hung, "Redis answered after all: the test proves nothing"
    site.redis.resume()
    watch.keep_asking(site, AFTER_RECOVERY)
    watch.check(FAULT_BOUND)


def test_with_redis_refusing_writes_a_change_reaches_both_paths(site):
    """Memory full under `noeviction`: reads answer, every write is refused (OOM)."""
    old = "Full: before."
    change(old)
    warm(site, old)
    direct = redis.Redis(port=site.redis.port)
    try:
        direct.config_set("maxmemory-policy", "noeviction")
        direct.config_set("maxmemory", "1mb")
        filler = b"x" * 10_000
        with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
            for n in range(10_000):
                direct.set(f"filler:{n}", filler)
        watch = Watch(old=old, new="Full: after.")
        change(watch.new)
        watch.until_both_new(site, FAULT_BOUND)
        with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
            direct.set("still-full", filler)  # the fault lasted throughout
        direct.config_set("maxmemory", "0")
        watch.keep_asking(site, AFTER_RECOVERY)
    finally:
        direct.close()
    watch.check(FAULT_BOUND)


def test_with_every_purge_lost_varnish_asks_the_site_again_within_its_lifetime(site, settings):
    """No broker, no worker, and the purge the changing process sends goes nowhere: the
    page Varnish holds is revalidated once its lifetime (2 s here) and grace are over."""
    settings.CACHE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]  # nobody listens
    watch = changed_during(site, FAULT_BOUND)
    watch.keep_asking(site, AFTER_RECOVERY)
    watch.check(FAULT_BOUND)
    assert watch.first_new("origin") <= HEALTHY_BOUND  # the site itself knew at once
    # Varnish's copy lives 2 s here, then up to 10 s of grace while it is fetched anew.
    assert watch.first_new("varnish") <= 2 + 10 + 2

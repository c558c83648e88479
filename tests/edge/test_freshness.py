"""Freshness through any single fault: a verdict an editor changes reaches readers,
straight from gunicorn and through a real Varnish, within 60 s whichever one part fails,
and within 1 s when all is well; and a reader who has seen the new verdict never gets
the old one.

The site runs under gunicorn (gunicorn.conf.py, two sync workers) on the test database,
behind varnishd running deploy/varnish/default.vcl, with a redis-server of the test's
own as its cache and another as its Celery broker (as docker-compose.yml runs them).
Four eyes are on: one editor proposes in the status composer and another approves, each
signed in with their password and posting the form with the page's CSRF token, through
Varnish, as editors do (and, all healthy, with four eyes off too: one editor publishes).
The change is made there and nowhere else (once the site runs, the test process writes
nothing), and no Celery worker runs, so the only purges are the ones the process that
made the change sends itself (the worker being away is a fault too, on top of each one
here). The bounds are shortened by settings (tests/edge/freshness_settings.py): Varnish
keeps a page 2 s, so a purge lost too costs seconds here (production: 30 s, and 10 s of
grace).

Each fault is made before the editors start and lasts until both paths show the change;
then the part comes back and the readers go on asking, past the cache's cool-off, for
the old verdict coming back (as it did after a Redis hang before the version lived in
the database). A change is timed from the moment the form that makes it live is sent.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis

from news.models import Outlet, Standing
from status import services
from status.models import State
from tests.conftest import shared_database_url
from tests.core.test_concurrency import form_on
from tests.edge.slow_clients import Gunicorn
from tests.edge.varnish import Varnish
from tests.factories import PASSWORD, make_user
from tests.processes import free_port
from tests.redis_server import RedisServer
from tests.status.factories import NATO_SOURCE

pytestmark = pytest.mark.django_db(transaction=True)

HEALTHY_BOUND = 1.0
FAULT_BOUND = 60.0
# How long readers go on asking once the part is back: past the gunicorn's breaker
# cool-off (1 s here), when the old verdict used to come back.
AFTER_RECOVERY = 3.0
COMPOSER = "/admin/status/statusproposal/add/"
_headlines = itertools.count(1)


class Editor:
    """A member of staff in a browser of their own, reaching the site through Varnish."""

    def __init__(self, url: str, username: str):
        self.username = username
        make_user(username, role="Editors")
        self.http = httpx.Client(base_url=url, timeout=70)
        form = self.http.get("/admin/login/")
        signed_in = self.http.post(
            "/admin/login/?next=/admin/",
            data={**form_on(form.text), "username": username, "password": PASSWORD},
        )
        assert signed_in.status_code == 302, (username, signed_in.text[:2000])

    def propose(self, headline: str) -> str:
        """The new verdict, sent from the status composer: with four eyes, proposed (the
        review page's path); without, published (the admin's index)."""
        page = self.http.get(COMPOSER)
        assert page.status_code == 200, page.text[:2000]
        data = form_on(page.text, "status-composer")
        data |= {"headline": headline, "note": f"Why: {headline}", "send": "1"}
        proposed = self.http.post(COMPOSER, data=data)
        assert proposed.status_code == 302, re.findall(r'class="error[^"]*">(.*?)</', proposed.text)
        return proposed.headers["location"]

    def approve(self, review: str) -> None:
        page = self.http.get(review)
        assert page.status_code == 200, page.text[:2000]
        action = re.search(r'<form method="post" action="([^"]+/approve/)">', page.text)
        assert action, f"{self.username} may not approve: {page.text[:3000]}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        approved = self.http.post(action.group(1), data={"csrfmiddlewaretoken": token.group(1)})
        # Live: back to the admin's index (a refusal goes back to the review page).
        assert approved.status_code == 302, approved.text[:2000]
        assert approved.headers["location"] == "/admin/", self.http.get(review).text[:3000]

    def close(self) -> None:
        self.http.close()


@dataclass
class Site:
    cache: RedisServer
    broker: RedisServer
    gunicorn: Gunicorn
    varnish: Varnish
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))
    editors: tuple[Editor, Editor] | None = None
    four_eyes: bool = True

    def paths(self) -> dict[str, str]:
        return {"origin": self.gunicorn.url + "/", "varnish": self.varnish.url + "/"}

    def read(self, channel: str) -> str:
        url = self.paths()[channel]
        response = self.client.get(url, headers={"X-Forwarded-Proto": "http"})
        assert response.status_code == 200, (channel, response.status_code, response.text[:300])
        return response.text

    def publish(self, headline: str) -> float:
        """One editor proposes `headline`, the other approves it (four eyes off: the one
        publishes it): when the form that made it live was sent (monotonic)."""
        proposer, approver = self.editors
        if not self.four_eyes:
            sent = time.monotonic()
            assert proposer.propose(headline) == "/admin/"
            print(f"composer answered in {time.monotonic() - sent:.3f} s")  # shown with -s
            return sent
        review = proposer.propose(headline)
        sent = time.monotonic()
        approver.approve(review)
        print(f"approval answered in {time.monotonic() - sent:.3f} s")  # shown with -s
        return sent


@pytest.fixture
def site(request, tmp_path: Path, settings):
    """`@pytest.mark.parametrize("site", [{...}], indirect=True)`: `purge_url`, the site
    purges there instead of its Varnish; `one_redis`, its broker is its cache's Redis
    (as a site configured with REDIS_URL alone runs); `four_eyes`, False: an editor's
    change is live at once (VERDICT_FOUR_EYES' default)."""
    options = getattr(request, "param", {})
    cache = RedisServer()
    broker = cache if options.get("one_redis") else RedisServer()
    gunicorn = Gunicorn(shared_database_url(), tmp_path, workers=2)
    varnish = Varnish("127.0.0.1", gunicorn.port)
    gunicorn.env.update(
        REDIS_URL=cache.url(),
        CELERY_BROKER_URL=broker.url(),
        CACHE_PURGE_URLS=options.get("purge_url", varnish.purge_url),
        VERDICT_FOUR_EYES=str(options.get("four_eyes", True)).lower(),
        # Plain HTTP on loopback: the editors' session cookies must travel over it.
        SECURE_COOKIES="false",
        # The chain the test process's own entries extend, under the same key.
        AUDIT_KEY=settings.AUDIT_KEY,
        DJANGO_SETTINGS_MODULE="tests.edge.freshness_settings",
        # The content version thread keeps its connection (CONN_MAX_AGE is for requests).
        DATABASE_CONN_MAX_AGE="0",
    )
    found = Site(cache, broker, gunicorn, varnish, four_eyes=options.get("four_eyes", True))
    try:
        # The launch verdict, the one thing this process writes (before the site starts),
        # with a source the composer's form starts from (an unsourced reason is refused).
        Outlet.objects.get_or_create(
            domain="nato.int", defaults={"name": "NATO", "standing": Standing.PRIMARY}
        )
        services.change_verdict(
            user=None,
            state=State.NO_WAR,
            answer="No",
            headline="Launch.",
            summary="s",
            reason="",
            sources=[NATO_SOURCE],
        )
        gunicorn.start()
        varnish.start()
        found.editors = (Editor(varnish.url, "alice"), Editor(varnish.url, "bob"))
        yield found
    finally:
        found.client.close()
        for editor in found.editors or ():
            editor.close()
        varnish.remove()
        gunicorn.stop()
        cache.remove()
        if broker is not cache:
            broker.remove()


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
    started: float = 0.0
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
        # Shown with -s: when each path first showed it, and the first readings.
        print(f"first new verdict (s after the form was sent): {firsts}")
        print(
            {
                channel: [(round(t, 3), which) for t, which in seen[:6]]
                for channel, seen in self.seen.items()
            }
        )
        for channel, seen in self.seen.items():
            first = self.first_new(channel)
            assert first is not None and first <= bound, (
                f"{channel}: the new verdict after {first} s (bound {bound} s): {seen[:40]}"
            )
            after = [which for t, which in seen if t >= first]
            assert after.count("new") == len(after), (
                f"{channel}: an older verdict after the new one: {seen}"
            )


def changed_during(
    site: Site,
    bound: float,
    *,
    fault: Callable[[], None] = lambda: None,
    during: Callable[[], None] = lambda: None,
    recover: Callable[[], None] = lambda: None,
) -> Watch:
    """A verdict the readers have seen, then `fault`, then the editors change it; once
    both paths show the change (or the bound is past), `during` checks the fault still
    holds and `recover` ends it, and the readers go on asking."""
    number = next(_headlines)
    old, new = f"Verdict {number} before the change.", f"Verdict {number} after the change."
    site.publish(old)
    warm(site, old)
    fault()
    watch = Watch(old=old, new=new)
    watch.started = site.publish(new)
    watch.until_both_new(site, bound)
    during()
    recover()
    watch.keep_asking(site, AFTER_RECOVERY)
    return watch


@pytest.mark.parametrize(
    "site", [{}, {"four_eyes": False}], ids=["approved", "published at once"], indirect=True
)
def test_with_everything_healthy_a_change_reaches_both_paths_within_a_second(site):
    changed_during(site, HEALTHY_BOUND).check(HEALTHY_BOUND)


def test_with_the_cache_redis_killed_a_change_reaches_both_paths_and_stays(site):
    changed_during(site, FAULT_BOUND, fault=site.cache.stop, recover=site.cache.start).check(
        FAULT_BOUND
    )  # back, empty


def _still_hung(server: RedisServer) -> Callable[[], None]:
    def check() -> None:
        assert server.hung, "Redis answered after all: the test proves nothing"

    return check


@pytest.mark.parametrize(
    "site", [{}, {"one_redis": True}], ids=["cache alone", "cache and broker"], indirect=True
)
def test_with_the_cache_redis_hung_a_change_reaches_both_paths_and_the_old_one_never_comes_back(
    site,
):
    """Redis comes back holding the old pages: they must not be served again. Hung
    alone, or holding the broker too (one Redis for both)."""
    changed_during(
        site,
        FAULT_BOUND,
        fault=site.cache.hang,
        during=_still_hung(site.cache),
        recover=site.cache.resume,
    ).check(FAULT_BOUND)


def test_with_the_cache_redis_refusing_writes_a_change_reaches_both_paths(site):
    """Memory full under `noeviction`: reads answer, every write is refused (OOM). The
    processes render the new verdict without storing it while the cache still holds the
    old page; once writes are accepted again, a request arriving while another renders
    (Varnish revalidating, say) used to get that old page (`core/pagecache/locking.py`)."""
    direct = redis.Redis(port=site.cache.port)
    filler = b"x" * 10_000

    def fill() -> None:
        direct.config_set("maxmemory-policy", "noeviction")
        direct.config_set("maxmemory", "1mb")
        with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
            for n in range(10_000):
                direct.set(f"filler:{n}", filler)

    def still_full() -> None:
        with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
            direct.set("still-full", filler)

    try:
        watch = changed_during(
            site,
            FAULT_BOUND,
            fault=fill,
            during=still_full,
            recover=lambda: direct.config_set("maxmemory", "0"),
        )
    finally:
        direct.close()
    watch.check(FAULT_BOUND)


def test_with_the_broker_killed_a_change_reaches_both_paths(site):
    changed_during(site, FAULT_BOUND, fault=site.broker.stop, recover=site.broker.start).check(
        FAULT_BOUND
    )


def test_with_the_broker_hung_a_change_reaches_both_paths(site):
    changed_during(
        site,
        FAULT_BOUND,
        fault=site.broker.hang,
        during=_still_hung(site.broker),
        recover=site.broker.resume,
    ).check(FAULT_BOUND)


@pytest.mark.parametrize("site", [{"purge_url": f"http://127.0.0.1:{free_port()}"}], indirect=True)
def test_with_every_purge_lost_varnish_asks_the_site_again_within_its_lifetime(site):
    """No broker's task, no worker, and the purge the changing process sends goes
    nowhere (nobody listens there): the page Varnish holds is revalidated once its
    lifetime (2 s here) and grace are over."""
    watch = changed_during(site, FAULT_BOUND)
    watch.check(FAULT_BOUND)
    assert watch.first_new("origin") <= HEALTHY_BOUND  # the site itself knew at once
    # Varnish's copy lives 2 s here, then up to 10 s of grace while it is fetched anew.
    assert watch.first_new("varnish") <= 2 + 10 + 2

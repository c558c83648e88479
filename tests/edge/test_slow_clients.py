"""Slow clients against the site as shipped: gunicorn behind Varnish (issue 20).

gunicorn runs the real site with two sync workers of one thread each: two connections
served at a time, the worst case. Against it, 300 slow clients (tests/edge/slow_clients.py):
100 send their headers a byte a second, 50 trickle a form's body, 50 stop halfway
through it, and 100 read a page 512 bytes a second (4 of them an 8 MB page). Through
the shipped Varnish (deploy/varnish/default.vcl and deploy/varnish/params) an ordinary
reader's every request is answered at once meanwhile; straight at gunicorn, the same
crowd starves it.
"""

from __future__ import annotations

import re
import runpy
import time
from datetime import timedelta

import httpx
import pytest
from django.conf import settings
from django.utils import timezone

from bench.varnish import VCL, shipped_params
from explainers.models import Explainer, ExplainerState
from tests.conftest import ROOT, shared_database_url
from tests.edge.slow_clients import (
    BODY_AGENT,
    HEADERS_AGENT,
    HOST,
    READER_AGENT,
    Crowd,
    Gunicorn,
)
from tests.edge.varnish import Varnish
from tests.status.factories import make_verdict

LONG_PAGE = "/explainers/long-read/"
# Twice the most Linux lets a socket's send buffer grow to by default (4 MB,
# net.ipv4.tcp_wmem): the kernel cannot take it all off gunicorn's hands for a reader
# who does not read (the test without the proxy shows it holding a worker).
LONG_PAGE_BYTES = 8 * 1024 * 1024
# Generous: an ordinary request takes milliseconds; starved, it took minutes (issue 20).
PROMPT = 5.0


def param(name: str) -> float:
    args = shipped_params()
    values = dict(a.split("=", 1) for a in args[1::2])
    return float(values[name])


TIMEOUT_IDLE = param("timeout_idle")


@pytest.fixture
def site(transactional_db, tmp_path):
    """The site under gunicorn, on the test database, with a verdict and one long page."""
    make_verdict()
    paragraph = "<p>" + "A long read about collective defence, sentence by sentence. " * 40 + "</p>"
    Explainer.objects.create(
        slug="long-read",
        title="A long read",
        summary="Long.",
        body="Long.",
        body_html=paragraph * (LONG_PAGE_BYTES // len(paragraph) + 1),
        state=ExplainerState.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    server = Gunicorn(shared_database_url(), tmp_path, workers=2)
    try:
        server.start()
        # Warm: the first render of a page in a new process compiles its templates.
        for path in ("/", LONG_PAGE, "/subscribe/") * 2:
            status = httpx.get(server.url + path, timeout=60).status_code
            assert status == 200, f"{path}: {status}\n{server.output()[-3000:]}"
        yield server
    finally:
        server.stop()


def _timed(results: list, method: str, url: str, expected: int, **kwargs) -> httpx.Response:
    started = time.monotonic()
    response = httpx.request(method, url, timeout=30, **kwargs)
    results.append((method, url, response.status_code, expected, time.monotonic() - started))
    return response


def _ordinary_reader(base: str) -> tuple[list, httpx.Response]:
    """What a reader does meanwhile: pages (cached in Varnish, and not), subscribing,
    and one form too big; every request on a new connection."""
    results: list = []
    for n in range(15):
        _timed(results, "GET", f"{base}/", 200)
        _timed(results, "GET", f"{base}/?n={n}", 200)  # a miss in Varnish: gunicorn renders it
    for n in range(3):
        _timed(
            results,
            "POST",
            f"{base}/subscribe/",
            200,
            data={"email": f"reader-{n}@example.org"},
            headers={"Origin": base},
        )
    too_big = _timed(
        results,
        "POST",
        f"{base}/subscribe/",
        413,
        content=b"email=" + b"a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        headers={
            "Origin": base,
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "too-big",
        },
    )
    return results, too_big


@pytest.mark.django_db(transaction=True)
def test_300_slow_clients_through_the_proxy_leave_every_other_request_answered(site):
    cache = Varnish(HOST, site.port)
    cache.start()
    long_readers = 4  # each keeps a copy of the long page in Varnish's storage
    crowd = Crowd(cache.port, readers={"/": 100 - long_readers, LONG_PAGE: long_readers})
    try:
        crowd.start()
        pressed = time.monotonic()
        results, too_big = _ordinary_reader(cache.url)
        # Every first slow-headers connection is past its deadline by then.
        time.sleep(max(0.0, pressed + TIMEOUT_IDLE + 3 - time.monotonic()))
        checked = time.monotonic()
        connections = list(crowd.connections)
        origin = site.requests()
    finally:
        crowd.stop()
        cache.remove()
    assert crowd.error is None, repr(crowd.error)

    # The ordinary reader: every request answered as expected, each at once.
    wrong = [r for r in results if r[2] != r[3]]
    assert not wrong, (
        f"answers not as expected (method, url, status, expected, s): {wrong}\n"
        + site.output()[-3000:]
    )
    slowest = max(results, key=lambda r: r[4])
    assert slowest[4] < PROMPT, f"slowest ordinary request: {slowest}"
    assert "larger than 1 MB" in too_big.text
    agents = {r["agent"] for r in origin}
    assert "too-big" not in agents, "the over-limit body reached gunicorn"

    # Slow headers: dropped by Varnish at timeout_idle after connecting, every one.
    headers = [c for c in connections if c.kind == HEADERS_AGENT]
    due = [c for c in headers if c.opened < checked - TIMEOUT_IDLE - 2]
    assert len(due) >= crowd.headers
    held = sorted(round(c.held_for, 1) for c in due)
    assert all(c.dropped is not None for c in due), f"slow headers still open: {held}"
    assert held[0] >= TIMEOUT_IDLE - 0.5 and held[-1] <= TIMEOUT_IDLE + 2, held
    # Slow bodies: held by Varnish, never passed on half-read; a paused one is dropped
    # timeout_idle after its last byte, a trickling one kept (it costs a Varnish thread).
    stalls = [c for c in connections if c.kind == f"{BODY_AGENT}-stall"]
    waited = sorted(round(c.dropped - c.last_sent, 1) for c in stalls if c.dropped)
    assert len(waited) == crowd.stalls, "a stalled body was not dropped"
    assert waited[0] >= TIMEOUT_IDLE - 0.5 and waited[-1] <= TIMEOUT_IDLE + 2, waited
    trickles = [c for c in connections if c.kind == f"{BODY_AGENT}-trickle"]
    assert len(trickles) == crowd.trickles and all(c.dropped is None for c in trickles)
    assert not agents & {HEADERS_AGENT, f"{BODY_AGENT}-stall", f"{BODY_AGENT}-trickle"}

    # Slow readers: gunicorn wrote every response out at once, to Varnish, while the
    # readers are still taking theirs (the long page's readers have a fraction of it).
    fetched = [r for r in origin if r["agent"] == READER_AGENT]
    assert len(fetched) == len(crowd.of_kind(READER_AGENT)) == 100
    took = max(float(r["took"]) for r in fetched)
    assert took < PROMPT, f"gunicorn spent {took:.1f} s on a slow reader's request"
    long = [c for c in connections if c.kind == READER_AGENT and c.path.startswith(LONG_PAGE)]
    assert len(long) == long_readers
    assert all(c.dropped is None and c.received < LONG_PAGE_BYTES / 10 for c in long)


@pytest.mark.django_db(transaction=True)
def test_without_the_proxy_the_same_crowd_starves_the_site(site):
    # One slow reader of the long page first: it holds a worker for as long as it reads.
    first = Crowd(site.port, headers=0, trickles=0, stalls=0, readers={LONG_PAGE: 1})
    crowd = Crowd(site.port, readers={"/": 100})
    failures = []
    try:
        first.start()
        time.sleep(1)
        crowd.start()
        for _ in range(2):
            started = time.monotonic()
            try:
                httpx.get(f"{site.url}/", timeout=3)
            except httpx.TimeoutException:
                failures.append(round(time.monotonic() - started, 1))
        held = time.monotonic()
    finally:
        crowd.stop()
        first.stop()
    assert crowd.error is None and first.error is None
    assert len(failures) == 2, "an ordinary request got through: the crowd should starve it"
    # The long page's reader held a gunicorn worker all that while: too big for the
    # kernel's buffers to take it off gunicorn's hands, as Varnish does above.
    (reader,) = first.connections
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        long = [r for r in site.requests() if r["path"] == reader.path]
        if long:
            break
        time.sleep(0.2)
    assert long, "the long page's reader never got a worker"
    assert long[0]["status"] == "200" and int(long[0]["bytes"]) > LONG_PAGE_BYTES, long
    assert float(long[0]["took"]) >= held - reader.opened - 1, (long, reader)
    # With the crowd gone the site answers again: the failures were the crowd's doing.
    assert httpx.get(f"{site.url}/", timeout=30).status_code == 200


def test_the_proxy_and_the_site_take_request_bodies_of_the_same_size():
    vcl = VCL.read_text()
    declared = re.search(r"Content-Length, 0\) > (\d+)", vcl)
    cached = re.search(r"std\.cache_req_body\((\d+)MB\)", vcl)
    assert declared and cached
    assert int(declared[1]) == int(cached[1]) * 1024 * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_gunicorn_fits_the_proxy_in_front():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    # Varnish closes an idle connection to gunicorn before gunicorn does.
    assert conf["keepalive"] > param("backend_idle_timeout")
    # gunicorn gives up on a request before Varnish gives up waiting for it.
    first_byte = re.search(r"\.first_byte_timeout = (\d+)s;", VCL.read_text())
    assert first_byte and conf["timeout"] < int(first_byte[1])
    # Workers are never recycled: under load that reset connections.
    assert conf["max_requests"] == 0

"""The site with Redis hung (`python bench/run.py redis-hung`).

Starts a redis-server of its own (`bench.redis_server`: the page cache in db 0, the task
queue in db 1, as docker compose has them) and gunicorn as the Dockerfile runs it, with
gunicorn.conf.py's settings (3 workers of 2 threads, its access log), on PostgreSQL.
Measures the home page and /api/status.json with wrk (whose 2 s timeout counts a slower
answer as a socket timeout, left out of its latencies), each of them and /healthz one
request at a time, and an editor's admin save ("Record a check", signed in through the
login form): first with Redis answering, then with it stopped by SIGSTOP (connections
open, nothing answers), which it stays until every figure of that row is taken; SIGCONT
after. The home page and the API rendered on every request, Redis answering, are the
reference: without Redis each process serves its own copies while the database
says nothing changed (core/pagecache/outage_copies.py).

Not a test: nothing asserts; it reports (figures in bench/README.md).
"""

from __future__ import annotations

import os
import re
import statistics
import time

import httpx

from bench.redis_server import RedisServer
from bench.run import (
    ENV,
    manage,
    measure,
    prepare_site,
    start_gunicorn,
)
from bench.varnish import free_port

PAGES = ("/", "/api/status.json")
HEALTH_REQUESTS = 20
PASSWORD = "bench-only-password-0123456789"  # noqa: S105 - a throwaway bench account

STAFF = f"""
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="bench-admin")
user.set_password("{PASSWORD}")
user.save()
"""

FRESH = "from status.services import record_check; record_check(user=None)"


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def sign_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    form = client.get("/admin/login/")
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        data={
            "username": "bench-admin",
            "password": PASSWORD,
            "csrfmiddlewaretoken": _token(form.text),
            "next": "/admin/",
        },
    )
    if signed_in.status_code != 302:
        raise SystemExit(f"The bench's editor could not sign in: {signed_in.status_code}")
    return client


def admin_save(client: httpx.Client) -> dict:
    """Open the checks page and record a check from it, as an editor does."""
    begun = time.perf_counter()
    page = client.get("/admin/status/check/")
    opened = time.perf_counter()
    seen = re.search(r'name="seen_verdict" value="(\d+)"', page.text).group(1)
    saved = client.post(
        "/admin/status/check/record/",
        data={
            "csrfmiddlewaretoken": _token(page.text),
            "seen_verdict": seen,
            "note": "Bench: a check recorded through the admin.",
            "consulted": "",
            "next": "/admin/status/check/",
        },
    )
    done = time.perf_counter()
    return {
        "page": page.status_code,
        "page_ms": 1000 * (opened - begun),
        "save": saved.status_code,
        "save_ms": 1000 * (done - opened),
    }


def one_at_a_time(base: str, path: str) -> dict:
    """HEALTH_REQUESTS requests one after another: what one reader waits, with no queue."""
    times, said = [], {}
    for _ in range(HEALTH_REQUESTS):
        begun = time.perf_counter()
        response = httpx.get(base + path, timeout=30)
        times.append(1000 * (time.perf_counter() - begun))
        answer = f"{response.status_code}"
        if path == "/healthz":
            answer += f" cache: {response.json().get('cache')}"
        said[answer] = said.get(answer, 0) + 1
    return {"p50": statistics.median(times), "max": max(times), "said": said}


def row(base: str, client: httpx.Client) -> dict:
    return {
        "pages": {page: measure(base + page) for page in PAGES},
        "alone": {path: one_at_a_time(base, path) for path in (*PAGES, "/healthz")},
        "save": admin_save(client),
    }


def rendered(base: str) -> dict:
    """The reference: each page rendered on every request (`X-Bench-Render`), Redis
    answering. Without Redis the site cannot tell a kept copy is current, so it renders."""
    return {
        "pages": {page: measure(base + page, header="X-Bench-Render: 1") for page in PAGES},
    }


def report(normal: dict, hung: dict, still_hung: bool, reference: dict) -> None:
    print(f"\n{'':34} {'Redis answering':>34} {'Redis hung (SIGSTOP)':>34}")
    for page in PAGES:
        for name, label, fmt in (
            ("rps", "req/s", "{:.0f}"),
            ("p50", "p50", "{:.1f} ms"),
            ("p99", "p99", "{:.1f} ms"),
        ):
            cells = [fmt.format(r["pages"][page][name]) for r in (normal, hung, reference)]
            print(
                f"{page + ' ' + label:34} {cells[0]:>34} {cells[1]:>34}"
                f"   (rendered every request, Redis answering: {cells[2]})"
            )
        for name in ("max",):
            cells = [f"{r['pages'][page][name]:.1f} ms" for r in (normal, hung)]
            print(f"{page + ' slowest':34} {cells[0]:>34} {cells[1]:>34}")
        cells = [
            f"{r['pages'][page]['errors']} / sockets: {r['pages'][page]['socket_errors']}"
            for r in (normal, hung)
        ]
        print(f"{page + ' errors':34} {cells[0]:>34} {cells[1]:>34}")
    for path in (*PAGES, "/healthz"):
        cells = [
            f"{r['alone'][path]['p50']:.0f} ms, slowest {r['alone'][path]['max']:.0f} ms"
            for r in (normal, hung)
        ]
        print(f"{path + ' one at a time p50':34} {cells[0]:>34} {cells[1]:>34}")
        for r, label in ((normal, "answering"), (hung, "hung")):
            print(f"  {path} said, Redis {label}: {r['alone'][path]['said']}")
    cells = [
        f"{r['save']['save']} in {r['save']['save_ms']:.0f} ms "
        f"(page {r['save']['page']} {r['save']['page_ms']:.0f} ms)"
        for r in (normal, hung)
    ]
    print(f"{'admin: record a check':34} {cells[0]:>34} {cells[1]:>34}")
    print(f"Redis still stopped when the hung row was done: {still_hung}")


def main() -> None:
    prepare_site(STAFF)
    own_redis = RedisServer()
    port = free_port()
    env = {**ENV, "REDIS_URL": own_redis.url(0), "CELERY_BROKER_URL": own_redis.url(1)}
    manage("shell", "-c", FRESH, env=env)
    base = f"http://127.0.0.1:{port}"
    # No flags: gunicorn.conf.py's, as the Dockerfile's command runs it.
    gunicorn = start_gunicorn(port, env=env, flags=(), ready_path="/healthz")
    try:
        client = sign_in(base)
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        normal = row(base, client)
        own_redis.hang()
        try:
            hung = row(base, client)
            still_hung = own_redis.hung
        finally:
            own_redis.resume()
        resumed = time.monotonic()
        # A page from the cache carries its ETag; one rendered without it, none.
        while "ETag" not in httpx.get(base + "/", timeout=30).headers:
            if time.monotonic() - resumed > 60:
                break
            time.sleep(0.2)
        cached_again = time.monotonic() - resumed
        reference = rendered(base)
        report(normal, hung, still_hung, reference)
        print(f"After SIGCONT the home page came from the cache again in {cached_again:.1f} s")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        gunicorn.terminate()
        gunicorn.wait()
        own_redis.remove()


if __name__ == "__main__":
    main()

"""`make bench`: the public pages under load, against gunicorn on PostgreSQL and Redis.

Prints requests per second, p50 and p99 latency for each case, and each case's
ratio to a trivial Django view on the same server. Needs wrk (Debian package),
PostgreSQL and Redis on 127.0.0.1 (override with BENCH_DATABASE_URL / BENCH_REDIS_URL).
Each case: a 2 s warm-up, then BENCH_ROUNDS (3) runs of BENCH_DURATION (10s), median kept.
Not a test: nothing here asserts; rerun it and compare.

Each part runs in a process of its own on a database of its own (BENCH_DATABASE_URL's
name and the part's, e.g. warstatus_bench_attacks), made afresh for it, with the bench's
Redis database emptied first: the attacks part's lockout of 127.0.0.1, or any other
state one part leaves, never reaches the next. The scale and incidents parts keep theirs
between runs (their fixtures take minutes to fill and nothing they do changes them).
Every server listens on a port the system hands out.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/warstatus_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))
# CPUs for wrk (taskset's list, e.g. "1"): on a machine this small wrk shares its cores
# with the server it measures, and where the scheduler puts it shows in the p99.
WRK_CPUS = os.environ.get("BENCH_WRK_CPUS", "")
SETTLE_SECONDS = 3
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

ENV = {
    **os.environ,
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "AUDIT_KEY": "bench-only-audit-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DB_URL,
    "REDIS_URL": REDIS,
    # Production settings plus /bench/ and X-Bench-Render (bench/settings.py).
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECURE_COOKIES": "false",
    # wrk speaks plain HTTP on loopback.
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=ENV if env is None else env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def ensure_database() -> None:
    import psycopg

    base, name = DB_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# The launch content has no curated links (the seeds carry no URLs); readers'
# home page shows six, so the bench publishes six through the moderators' service.
SAMPLE_LINKS = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from news.models import CuratedLink, Outlet
from news.services import create_published_link
moderator = get_user_model().objects.filter(username="bench-admin").first() or (
    get_user_model().objects.create_superuser("bench-admin", "bench@example.org", None))
outlet = Outlet.objects.order_by("pk").first()
for n in range(6 - CuratedLink.objects.published().count()):
    create_published_link(
        moderator=moderator, url=f"https://{outlet.domain}/bench/story-{n}-{timezone.now():%s}",
        title=f"Allies discuss air defence after drone incursion, part {n}", outlet=outlet,
        context="Sample context line for the benchmark: what this report adds, in one sentence.",
        source_published_at=timezone.now() - timedelta(hours=n),
    )
"""


# The bench's gunicorn: 2 sync workers, no access log. Pass flags=() for production's
# (gunicorn.conf.py: WEB_WORKERS, its access log on stdout).
BENCH_FLAGS = (
    "--workers",
    "2",
    "--threads",
    "1",
    "--log-level",
    "warning",
    "--access-logfile",
    "/dev/null",
)


def start_gunicorn(
    port: int,
    *,
    env: dict[str, str] | None = None,
    flags: tuple[str, ...] = BENCH_FLAGS,
    ready_path: str = "/bench/trivial",
) -> subprocess.Popen:
    proc = subprocess.Popen(
        [PY, "-m", "gunicorn", "warstatus.wsgi:application", "--bind", f"127.0.0.1:{port}", *flags],
        cwd=ROOT,
        env=ENV if env is None else env,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn on port {port} did not start")


def measure(
    url: str, *, header: str | None = None, threads: int = WRK_THREADS, cpus: str = WRK_CPUS
) -> dict:
    """A short warm-up, then the measured rounds (the median is kept), each followed by a
    pause for the server to drain.

    Without the pause, requests still queued from a slow case (the renders)
    are answered at the start of the next one and show up as its p99.
    """
    wrk(url, header=header, duration="2s", threads=threads, cpus=cpus)
    rounds = []
    for _ in range(ROUNDS):
        rounds.append(wrk(url, header=header, threads=threads, cpus=cpus))
        time.sleep(SETTLE_SECONDS)
    # The median round: one noisy neighbour on a shared machine should not make the figure.
    return sorted(rounds, key=lambda r: r["rps"])[len(rounds) // 2]


def wrk(
    url: str,
    *,
    header: str | None = None,
    duration: str = DURATION,
    threads: int = WRK_THREADS,
    cpus: str = WRK_CPUS,
) -> dict:
    cmd = ["taskset", "-c", cpus] if cpus else []
    cmd += ["wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{duration}", "--latency"]
    if header:
        cmd += ["-H", header]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {m.group(1): _ms(m.group(2)) for m in re.finditer(r"\s+(50|99)%\s+([\d.]+\w+)", out)}
    latency_max = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50": lat.get("50"),
        "p99": lat.get("99"),
        "max": _ms(latency_max.group(1)) if latency_max else None,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# Each part: how it is started, what it is called in the output, and whether its
# database is kept between runs (the scale and incidents fixtures take minutes to fill).
PARTS = {
    "pages": (["-c", "from bench.run import pages; pages()"], "", False),
    "feeds": ([str(ROOT / "bench" / "feeds.py")], "Feed ingestion:", False),
    "attacks": (["-m", "bench.attacks"], "Under attack:", False),
    "edge": (["-m", "bench.edge"], "Through Varnish:", False),
    "redis-hung": (["-m", "bench.redis_hung"], "With Redis hung:", False),
    "scale": ([str(ROOT / "bench" / "scale.py")], "Scale of history:", True),
    "incidents": (["-m", "bench.incidents"], "The incidents record at scale:", True),
    "startup": (["-m", "bench.startup"], "make run on a fresh clone:", False),
    "render": (["-m", "bench.render"], "The home page's render on a long history:", False),
}


def main(parts: list[str]) -> None:
    """`python bench/run.py [pages] [feeds] [scale] [attacks] [edge] [redis-hung]
    [incidents] [startup] [render]`: all when none is named, in that order, each on its own state."""
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        raise SystemExit(f"No such part: {', '.join(unknown)}; the parts: {', '.join(PARTS)}")
    for part in [p for p in PARTS if p in parts] if parts else list(PARTS):
        command, title, kept = PARTS[part]
        if title:
            print(f"\n{title}", flush=True)
        database = part_database(part, fresh=not kept)
        env = {**ENV, "BENCH_DATABASE_URL": database, "DATABASE_URL": database}
        subprocess.run([PY, *command], cwd=ROOT, env=env, check=False)


def part_database(part: str, *, fresh: bool) -> str:
    """The part's own database (made afresh unless `fresh` is false), and the bench's
    Redis database emptied: the URL of the database."""
    import psycopg
    import redis

    base, name = DB_URL.rsplit("/", 1)
    own = f"{name}_{part.replace('-', '_')}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [own]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{own}"')
    redis.Redis.from_url(REDIS).flushdb()
    return f"{base}/{own}"


def prepare_site(*scripts: str) -> None:
    """The bench database with the launch content and sample links, static files
    collected, and any `manage.py shell` scripts run; wrk must be there to drive it."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    ensure_database()
    manage("migrate", "--noinput")
    manage("load_launch_content")
    for script in (SAMPLE_LINKS, *scripts):
        manage("shell", "-c", script)
    manage("collectstatic", "--noinput")


def pages() -> None:
    from bench.varnish import free_port  # run as `-m`/`-c` from the checkout: bench imports

    prepare_site()
    static_copy = ROOT / "static_root" / "bench-home.html"
    ports = (free_port(), free_port())
    servers = [start_gunicorn(port) for port in ports]
    try:
        base = f"http://127.0.0.1:{ports[0]}"
        html = urllib.request.urlopen(f"{base}/", timeout=5).read()
        urllib.request.urlopen(f"{base}/pl/", timeout=5).read()  # in the cache before wrk
        static_copy.write_bytes(html)
        etag = urllib.request.urlopen(f"{base}/", timeout=5).headers["ETag"]
        # whitenoise indexes files at start-up: restart the first server to serve the copy.
        servers[0].send_signal(signal.SIGTERM)
        servers[0].wait()
        servers[0] = start_gunicorn(ports[0])
        cases = [
            ("1 home page from the cache", measure(f"{base}/")),
            # A translated language's copy is kept as the English one is (issue 36).
            ("1b Polish home page /pl/ from the cache", measure(f"{base}/pl/")),
            ("2 home page rendered every request", measure(f"{base}/", header="X-Bench-Render: 1")),
            ("3 /api/status.json", measure(f"{base}/api/status.json")),
            ("4 home page 304 revalidation", measure(f"{base}/", header=f"If-None-Match: {etag}")),
            ("5 trivial Django view (reference)", measure(f"{base}/bench/trivial")),
            ("6 home page HTML as a static file", measure(f"{base}/static/bench-home.html")),
            ("2a (of case 2) its reads alone, no template", measure(f"{base}/bench/home-reads")),
            ("2b (of case 2) its template alone, no reads", measure(f"{base}/bench/home-template")),
        ]
        reference = next(r["rps"] for name, r in cases if name.startswith("5 "))
        print(f"\n{'case':42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} errors")
        for name, r in cases:
            print(
                f"{name:42} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} "
                f"{r['rps'] / reference:6.2f} {r['errors']} / sockets: {r['socket_errors']}"
            )
        cross_process_check(ports)
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait()
        static_copy.unlink(missing_ok=True)


def cross_process_check(ports: tuple[int, int]) -> None:
    """A check recorded through one process changes the page the other one serves."""
    url_b = f"http://127.0.0.1:{ports[1]}/api/status.json"
    before = urllib.request.urlopen(url_b, timeout=5).headers["ETag"]
    manage("shell", "-c", "from status.services import record_check; record_check(user=None)")
    after = urllib.request.urlopen(url_b, timeout=5).headers["ETag"]
    verdict = "seen at once" if before != after else "NOT seen (stale cache!)"
    print(f"\nA check recorded in another process: the second gunicorn's API ETag {verdict}.")


if __name__ == "__main__":
    main(sys.argv[1:])

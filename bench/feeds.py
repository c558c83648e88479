"""Feed ingestion: one pass over 200 loopback feeds of 50 entries each, then memory.

Prints the pipeline's seconds (claim, fetch over HTTP, parse, dedupe, store in
PostgreSQL, record the poll), called in this process and then as production runs it,
through Redis and a real Celery worker, each with its ratio to feedparser.parse (its
defaults) alone on the same bytes. Then the peak memory (max RSS) of one poll of a
100,000-item feed (9.4 MB; FEEDS_MAX_BYTES raised to let it in), each case in a fresh
process: fetch and parse alone, a poll with the default FEEDS_MAX_ENTRIES, and a poll
storing every entry. Run by `make bench`, or alone with DATABASE_URL pointing at a
scratch PostgreSQL database.

The feeds are served by a process of their own, and the candidates table holds a year's
history (`history()`), as a production site's would: an empty table, or one left full
of the dead rows of earlier runs, is measured against plans no real site would have.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warstatus.settings")
os.environ["FEEDS_ALLOW_PRIVATE"] = "true"  # the feeds are served on loopback

FEEDS, ENTRIES = 200, 50
HUGE = 100_000


def feed_bytes(n: int) -> bytes:
    items = "".join(
        f"<item><title>NATO and Russia: story {n}-{i} about drones and airspace</title>"
        f"<link>https://bench{n}.example/story/{i}?utm_source=rss</link><guid>b{n}-{i}</guid>"
        f"<description>&lt;p&gt;Allies discussed &lt;b&gt;Article 4&lt;/b&gt; after incident "
        f"{i}.&lt;/p&gt;</description><pubDate>Sun, 22 Nov 2026 10:{i % 60:02d}:00 GMT</pubDate>"
        "</item>"
        for i in range(ENTRIES)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench {n}</title>'
        f"<link>https://bench{n}.example/</link><description>d</description>{items}"
        "</channel></rss>"
    ).encode()


def documents(kind: str) -> dict[str, bytes]:
    """The feeds a case serves, by path: "feeds" for the pass, "huge" for the memory cases."""
    if kind == "huge":
        return {"/huge": huge_feed()}
    return {f"/feed/{n}": feed_bytes(n) for n in range(FEEDS)}


def serve(kind: str) -> tuple[subprocess.Popen, str]:
    """Serve `documents(kind)` on a loopback port from a process of its own, as a real
    feed's server is: in this one, its answering would share the measured process's
    interpreter lock. Returns the process and its base address."""
    server = subprocess.Popen(
        [sys.executable, __file__, "serve", kind],
        stdin=subprocess.PIPE,  # closed when this process ends, however it ends
        stdout=subprocess.PIPE,
        text=True,
    )
    return server, server.stdout.readline().strip()


def run_server(kind: str) -> None:
    """The server process of `serve()`: prints its base address, then answers."""
    served = documents(kind)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = served[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    sys.stdin.read()  # until the bench's end closes it


HISTORY = 100_000
_HISTORY_FEED = "https://history.example/feed"


def history() -> None:
    """The candidates table as a site a year old has it: HISTORY earlier headlines of
    one (inactive) feed, mostly decided, which every look-up and insert meets.

    Made once per bench database. Then the tables are vacuumed and analysed, as
    autovacuum would have done on a production database; this machine's PostgreSQL
    runs without it, so the rows earlier runs deleted would otherwise stay in every
    index the poll reads, and the planner would go on reading a size long gone.
    """
    from django.db import connection

    from news.models import Candidate, Feed

    feed, _ = Feed.objects.get_or_create(url=_HISTORY_FEED, defaults={"active": False})
    if Candidate.objects.filter(feed=feed).count() != HISTORY:
        Candidate.objects.filter(feed=feed).delete()
        with connection.cursor() as cursor:
            cursor.execute(_HISTORY_ROWS, [feed.pk, HISTORY])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_candidate, news_feed, audit_auditentry")


_HISTORY_ROWS = """
INSERT INTO news_candidate (feed_id, guid, url, canonical_url, title, summary,
    published_at, score, matched_terms, urgent, state, reason, created_at)
SELECT %s, 'h' || n, 'https://history.example/story/' || n,
    'https://history.example/story/' || n, 'An earlier headline on NATO and Russia, ' || n,
    'What an earlier story said, ' || n, now() - n * interval '5 minutes', 1.0,
    '["nato", "russia"]', false,
    CASE WHEN n %% 100 = 0 THEN 'pending' WHEN n %% 5 = 0 THEN 'approved' ELSE 'rejected' END,
    '', now() - n * interval '5 minutes'
FROM generate_series(1, %s) AS n
"""


def main() -> None:
    import django

    django.setup()
    import feedparser
    from django.core.management import call_command

    from news import polling
    from news.models import Feed

    call_command("migrate", verbosity=0)
    served = documents("feeds")
    Feed.objects.filter(url__startswith="http://127.0.0.1:").delete()
    _bench_candidates().delete()
    history()
    with served_feeds(served) as feeds:
        # Interleaved, feed by feed, so a busy neighbour slows both alike instead of
        # whichever happened to run while it was busy.
        pipeline = parse_between = 0.0
        for feed, body in zip(feeds, served.values(), strict=True):
            started = time.perf_counter()
            polling.poll_feed(feed_id=feed.pk)
            polled = time.perf_counter()
            feedparser.parse(body)
            pipeline += polled - started
            parse_between += time.perf_counter() - polled
        created = _bench_candidates().count()
    # Parsing one feed after another, feedparser is faster than between polls (its code
    # and data stay in the processor's caches): the stricter measure, the one reported.
    in_a_row = (_parse_all(feedparser, served) + _parse_all(feedparser, served)) / 2
    print(
        f"{FEEDS} feeds x {ENTRIES} entries: pipeline {pipeline:.2f} s ({created} candidates), "
        f"feedparser.parse alone {in_a_row:.2f} s in a row, ratio {pipeline / in_a_row:.2f} "
        f"(between the polls {parse_between:.2f} s, ratio {pipeline / parse_between:.2f})"
    )
    through_the_worker(served)
    memory()


def through_the_worker(served: dict[str, bytes]) -> None:
    """The same polls as production makes them: `news.tasks.poll_feed`, sent through
    Redis to a real Celery worker (the compose worker's prefork pool, one child, so one
    process does the work, as above), timed from the first task sent to the last result;
    feedparser.parse alone on the same bytes just before and just after."""
    import feedparser

    from warstatus.celery import app

    queue = f"bench-feeds-{os.getpid()}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "warstatus", "worker", "-Q", queue]
        + ["--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle"]
        + ["--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT,
    )
    try:
        with served_feeds(served) as feeds:
            app.send_task("warstatus.ping", queue=queue).get(timeout=60)
            parse_before = _parse_all(feedparser, served)
            started = time.perf_counter()
            sent = [app.send_task("news.tasks.poll_feed", [f.pk], queue=queue) for f in feeds]
            outcomes = {result.get(timeout=300) for result in sent}
            pipeline = time.perf_counter() - started
            parse_only = (parse_before + _parse_all(feedparser, served)) / 2
            created = _bench_candidates().count()
    finally:
        worker.terminate()
        worker.wait()
    print(
        f"Through a real worker: {pipeline:.2f} s ({created} candidates, polls {outcomes}), "
        f"feedparser.parse alone {parse_only:.2f} s, ratio {pipeline / parse_only:.2f}"
    )


@contextmanager
def served_feeds(served: dict[str, bytes]) -> Iterator[list]:
    """A Feed per served document, on a server of their own; after, the feeds and the
    candidates they brought are deleted and the server stopped."""
    from news.models import Feed

    server, base = serve("feeds")
    feeds = Feed.objects.bulk_create(Feed(url=f"{base}{path}") for path in served)
    try:
        yield feeds
    finally:
        _bench_candidates().delete()
        Feed.objects.filter(pk__in=[f.pk for f in feeds]).delete()
        server.terminate()


def _bench_candidates():
    from news.models import Candidate

    return Candidate.objects.filter(canonical_url__startswith="https://bench")


def _parse_all(feedparser, served: dict[str, bytes]) -> float:
    started = time.perf_counter()
    for body in served.values():
        feedparser.parse(body)
    return time.perf_counter() - started


def huge_feed() -> bytes:
    """The 100,000-item feed of bench/attacks.py: 9.4 MB."""
    items = "".join(
        f"<item><title>Story {i}</title><link>https://huge.example/{i}</link>"
        f"<guid>g{i}</guid></item>"
        for i in range(HUGE)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
    return (body + "</channel></rss>").encode()


def memory() -> None:
    print(f"Peak memory (max RSS) with a {HUGE:,}-item feed, each in a fresh process:")
    room = {"FEEDS_MAX_BYTES": str(16 * 1024 * 1024)}
    cases = (
        ("fetch and parse only", "parse", {}),
        ("one poll, default FEEDS_MAX_ENTRIES", "poll", {}),
        ("one poll storing all entries", "poll", {"FEEDS_MAX_ENTRIES": str(HUGE)}),
    )
    for label, kind, env in cases:
        out = subprocess.run(
            [sys.executable, __file__, "memory", kind],
            env={**os.environ, **room, **env},
            capture_output=True,
            text=True,
        )
        print(f"  {label}: {(out.stdout or out.stderr).strip().splitlines()[-1]}")


def measure_one(kind: str) -> None:
    """In a fresh process: fetch and parse, or poll, the huge feed; print the peak."""
    import django

    django.setup()
    from news import polling
    from news.fetching import fetch_feed, parse_feed
    from news.models import Candidate, Feed

    server, base = serve("huge")
    url = f"{base}/huge"
    Candidate.objects.filter(canonical_url__startswith="https://huge.example/").delete()
    feed = Feed.objects.create(url=url)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        if kind == "parse":
            outcome = f"{len(parse_feed(fetch_feed(url).content).raw)} entries parsed"
        else:
            result = polling.poll_feed(feed_id=feed.pk)
            outcome = f"{result.status}, {result.created} candidates stored"
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        Candidate.objects.filter(canonical_url__startswith="https://huge.example/").delete()
        feed.delete()
        server.terminate()
    print(
        f"{len(huge_feed()):,} bytes; {outcome} in {time.perf_counter() - started:.1f} s; "
        f"peak RSS {peak / 1024:.0f} MiB (before the fetch {before / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["memory"]:
        measure_one(sys.argv[2])
    elif sys.argv[1:2] == ["serve"]:
        run_server(sys.argv[2])
    else:
        main()

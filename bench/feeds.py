"""Feed ingestion: one pass over 200 loopback feeds of 50 entries each, then memory.

Prints the pipeline's seconds (fetch over HTTP, parse, dedupe, store in PostgreSQL)
and its ratio to feedparser.parse alone on the same bytes, with its defaults (the
issue's measure) and as the pipeline calls it (no HTML sanitising: core.sanitize
reduces every field to plain text). Then the peak memory (max RSS) of one poll of a
100,000-item feed (9.4 MB; FEEDS_MAX_BYTES raised to let it in), each case in a fresh
process: fetch and parse alone, a poll with the default FEEDS_MAX_ENTRIES, and a poll
storing every entry. Run by `make bench`, or alone with DATABASE_URL pointing at a
scratch PostgreSQL database.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
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


def serve(documents: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    """Serve these feeds by path on a loopback port, in a thread; returns the server and
    its base address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = documents[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    import django

    django.setup()
    import feedparser
    from django.core.management import call_command

    from news import polling
    from news.models import Candidate, Feed

    call_command("migrate", verbosity=0)
    documents = {f"/feed/{n}": feed_bytes(n) for n in range(FEEDS)}

    server, base = serve(documents)
    Feed.objects.filter(url__startswith="http://127.0.0.1:").delete()
    Candidate.objects.filter(canonical_url__startswith="https://bench").delete()
    feeds = Feed.objects.bulk_create(Feed(url=f"{base}{path}") for path in documents)
    try:
        # Interleaved, feed by feed, so a busy neighbour slows all three alike instead
        # of whichever happened to run while it was busy.
        pipeline = parse_only = parse_as_called = 0.0
        for feed, body in zip(feeds, documents.values(), strict=True):
            started = time.perf_counter()
            polling.poll_feed(feed_id=feed.pk)
            polled = time.perf_counter()
            feedparser.parse(body)
            parsed = time.perf_counter()
            feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
            pipeline += polled - started
            parse_only += parsed - polled
            parse_as_called += time.perf_counter() - parsed
        created = Candidate.objects.filter(canonical_url__startswith="https://bench").count()
    finally:
        Candidate.objects.filter(canonical_url__startswith="https://bench").delete()
        Feed.objects.filter(pk__in=[f.pk for f in feeds]).delete()
        server.shutdown()
    print(
        f"{FEEDS} feeds x {ENTRIES} entries: pipeline {pipeline:.2f} s "
        f"({created} candidates), feedparser.parse alone {parse_only:.2f} s, "
        f"ratio {pipeline / parse_only:.2f}; feedparser as the pipeline calls it "
        f"{parse_as_called:.2f} s, ratio {pipeline / parse_as_called:.2f}"
    )
    memory()


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

    body = huge_feed()

    server, base = serve({"/huge": body})
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
        server.shutdown()
    print(
        f"{len(body):,} bytes; {outcome} in {time.perf_counter() - started:.1f} s; "
        f"peak RSS {peak / 1024:.0f} MiB (before the fetch {before / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["memory"]:
        measure_one(sys.argv[2])
    else:
        main()

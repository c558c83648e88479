"""Feed ingestion: one pass over 200 loopback feeds of 50 entries each.

Prints the pipeline's seconds (fetch over HTTP, parse, dedupe, store in PostgreSQL)
and its ratio to feedparser.parse alone on the same bytes. Run by `make bench`,
or alone with DATABASE_URL pointing at a scratch PostgreSQL database.
"""

from __future__ import annotations

import os
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


def main() -> None:
    import django

    django.setup()
    import feedparser
    from django.core.management import call_command

    from news import polling
    from news.models import Candidate, Feed

    call_command("migrate", verbosity=0)
    documents = {f"/feed/{n}": feed_bytes(n) for n in range(FEEDS)}

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
    base = f"http://127.0.0.1:{server.server_address[1]}"
    Feed.objects.filter(url__startswith="http://127.0.0.1:").delete()
    Candidate.objects.filter(canonical_url__startswith="https://bench").delete()
    feeds = Feed.objects.bulk_create(Feed(url=f"{base}{path}") for path in documents)
    try:
        started = time.perf_counter()
        for feed in feeds:
            polling.poll_feed(feed_id=feed.pk)
        pipeline = time.perf_counter() - started
        created = Candidate.objects.filter(canonical_url__startswith="https://bench").count()
        started = time.perf_counter()
        for body in documents.values():
            feedparser.parse(body)
        parse_only = time.perf_counter() - started
    finally:
        Candidate.objects.filter(canonical_url__startswith="https://bench").delete()
        Feed.objects.filter(pk__in=[f.pk for f in feeds]).delete()
        server.shutdown()
    print(
        f"{FEEDS} feeds x {ENTRIES} entries: pipeline {pipeline:.2f} s "
        f"({created} candidates), feedparser.parse alone {parse_only:.2f} s, "
        f"ratio {pipeline / parse_only:.2f}"
    )


if __name__ == "__main__":
    main()

"""Scale of history: 1,000,000 audit entries and 100,000 candidates in PostgreSQL.

Fills a bench database (once; it is left there for later runs) with generate_series,
then times the first page of /changelog/, the audit admin list (with a filter) and the
headline inbox, in-process, median of 5. Run by `make bench`. The generated entries are
not hash-chained: never point this at a real database.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# X-Bench-Render (below) exists only in the bench's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
AUDIT_ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "1000000"))
CANDIDATE_ROWS = int(os.environ.get("BENCH_CANDIDATE_ROWS", "100000"))


def fill() -> None:
    from django.db import connection

    from audit.models import AuditEntry
    from news.models import Candidate, Feed

    if not AuditEntry.objects.filter(summary__startswith="bench ").exists():
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cursor.execute(
                """INSERT INTO audit_auditentry (created_at, actor_name, action, object_id,
                       object_repr, object_url, changes, summary, note, public, prev_hash, hash)
                   SELECT now() - (g || ' seconds')::interval, 'system',
                          (ARRAY['changed','published','checked','polled'])[1 + g %% 4],
                          '', '', '', '{}'::jsonb, 'bench entry ' || g, '', g %% 10 = 0, '',
                          md5('bench' || g) || md5('entry' || g)
                   FROM generate_series(1, %s) AS g""",
                [AUDIT_ROWS],
            )
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    feed, _ = Feed.objects.get_or_create(url="https://bench-scale.example/rss")
    if not Candidate.objects.filter(feed=feed).exists():
        with connection.cursor() as cursor:
            cursor.execute(
                """INSERT INTO news_candidate (feed_id, guid, url, canonical_url, title, summary,
                       published_at, score, matched_terms, urgent, state, reason, created_at)
                   SELECT %s, 'g' || g, 'https://bench-scale.example/' || g,
                          'https://bench-scale.example/' || g, 'Bench headline ' || g, '',
                          now() - (g || ' minutes')::interval, g %% 97, '[]'::jsonb,
                          g %% 1000 = 0, CASE WHEN g %% 3 = 0 THEN 'rejected' ELSE 'pending' END,
                          '', now()
                   FROM generate_series(1, %s) AS g""",
                [feed.pk, CANDIDATE_ROWS],
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry; ANALYZE news_candidate;")


def timed(client, url: str, **headers) -> float:
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill()
    print(
        f"fixture ready in {time.perf_counter() - started:.1f} s "
        f"({AUDIT_ROWS:,} audit entries, {CANDIDATE_ROWS:,} candidates)"
    )
    User = get_user_model()
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.org", None
    )
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(admin)
    public = Client(HTTP_HOST="127.0.0.1")
    cases = [
        ("/changelog/ first page", public, "/changelog/", {"HTTP_X_BENCH_RENDER": "1"}),
        ("audit admin list", staff, "/admin/audit/auditentry/", {}),
        ("audit admin, filtered", staff, "/admin/audit/auditentry/?action__exact=published", {}),
        # The headline inbox: the candidate list itself now redirects there.
        ("candidate inbox", staff, "/admin/news/candidate/inbox/", {}),
    ]
    for name, client, url, headers in cases:
        print(f"{name:28} {timed(client, url, **headers):8.1f} ms (median of 5)")


if __name__ == "__main__":
    main()

"""The home page's uncached render on an empty record and on a long history.

Issue 34: with 10,001 incidents stored the home page took 248 ms to render (11 ms with
none), growing with the record. This part times the render (in-process, `X-Bench-Render`,
so no page cache; median of BENCH_RENDER_SAMPLES) on the launch content alone, then again
after seeding BENCH_INCIDENTS incidents (`bench.incidents.seed`: over the last 24 months,
with countries, sources and attributions) and BENCH_AUDIT_ROWS audit entries, beside the
other pages that read the same counts and filters (the incidents list, timeline, map and
`/api/status.json`). Its database is made afresh on every run (`bench/run.py`), so both
figures come from the same code and the same machine minutes apart. Not a test: nothing
here asserts.

The audit entries are appended as the site appends them, chained and sealed under the
bench's AUDIT_KEY (`audit.chain.keyed_hash`), only written with COPY instead of one
INSERT each: the table's trigger refuses updates and deletes, not inserts, so nothing is
bypassed and `verify_audit_log` still finds the chain intact.
"""

from __future__ import annotations

import gc
import io
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
AUDIT_ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "1000000"))
SAMPLES = int(os.environ.get("BENCH_RENDER_SAMPLES", "21"))
RENDER = {"HTTP_X_BENCH_RENDER": "1"}  # routed to the views without their page cache
AUDIT_BATCH = 50_000
COLUMNS = (
    "created_at",
    "actor_name",
    "action",
    "object_id",
    "object_repr",
    "object_url",
    "changes",
    "summary",
    "note",
    "public",
    "prev_hash",
    "hash",
)


def seed_audit(rows: int) -> None:
    """`rows` entries appended to the chain, a second apart and ending an hour ago (one in
    ten public, as checks and changes are), sealed as `audit.services` seals them and
    written with COPY a batch at a time. Each entry's payload is written from a template
    (`json.dumps` per entry was most of the time); one entry in every 10,000 is checked
    against `audit.chain.payload` itself, so a template that drifts stops the bench."""
    import hashlib
    import hmac

    from django.db import connection, transaction

    from audit import chain
    from audit.services import _chain_tip

    key = chain.subkey(chain.CHAIN_PURPOSE)
    start = datetime.now(UTC) - timedelta(hours=1, seconds=rows)
    actions = ("changed", "published", "checked", "polled")
    template = (
        '{{"action": "{action}", "actor_id": null, "actor_name": "system", "changes": {{}}, '
        '"content_type_id": null, "created_at": "{created_at}", "ip_address": null, '
        '"note": "", "object_id": "", "object_repr": "", "object_url": "", '
        '"prev_hash": "{prev_hash}", "public": {public}, "summary": "{summary}"}}'
    )
    sql = f"COPY audit_auditentry ({', '.join(COLUMNS)}) FROM STDIN"
    with transaction.atomic():
        previous = _chain_tip()  # holds the chain's lock, as an append does
        for first in range(0, rows, AUDIT_BATCH):
            buffer = io.StringIO()
            for n in range(first, min(first + AUDIT_BATCH, rows)):
                created_at = (start + timedelta(seconds=n)).isoformat()
                action, public, summary = actions[n % 4], n % 10 == 0, f"bench entry {n}"
                payload = template.format(
                    action=action,
                    created_at=created_at,
                    prev_hash=previous,
                    public="true" if public else "false",
                    summary=summary,
                ).encode()
                if n % 10_000 == 0:
                    entry = SimpleNamespace(
                        created_at=start + timedelta(seconds=n),
                        actor_id=None,
                        actor_name="system",
                        action=action,
                        content_type_id=None,
                        object_id="",
                        object_repr="",
                        object_url="",
                        changes={},
                        summary=summary,
                        note="",
                        public=public,
                        ip_address=None,
                        prev_hash=previous,
                    )
                    if chain.payload(entry) != payload:
                        raise SystemExit("The bench's audit payload no longer matches the chain's")
                prev_hash = previous
                previous = chain.KEYED_PREFIX + hmac.new(key, payload, hashlib.sha256).hexdigest()
                buffer.write(
                    f"{created_at}\tsystem\t{action}\t\t\t\t{{}}\t{summary}\t\t"
                    f"{'t' if public else 'f'}\t{prev_hash}\t{previous}\n"
                )
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())


def timed(client, url: str) -> tuple[float, float, int]:
    """Median and fastest milliseconds of SAMPLES uncached renders, and the queries of one.
    On a machine shared with other work the fastest is the nearer to the render's own
    cost; the median is what a reader would see on it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **RENDER)  # the first render compiles templates and fills caches
    # The garbage of the set-up (a migrate, a million rows' COPY) is collected now, not
    # in the middle of the renders timed (it added 8 ms to the first case's median).
    gc.collect()
    samples = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = client.get(url, **RENDER)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **RENDER)
    return statistics.median(samples), min(samples), len(queries)


CASES = [
    ("home page", "/"),
    ("/api/status.json", "/api/status.json"),
    ("/incidents/", "/incidents/"),
    ("/incidents/ (the home page's link)", None),  # the first indicator's 90-day link
    ("timeline", "/incidents/timeline/"),
    ("map", "/incidents/map/"),
]


def measure(client) -> dict[str, tuple[float, float, int]]:
    from django.utils import timezone

    from status.selectors import status_now, with_incident_counts

    status = with_incident_counts(status_now(), today=timezone.localdate())
    linked = next((i.incidents.url for i in status.indicators if i.incidents), "/incidents/")
    return {name: timed(client, url or linked) for name, url in CASES}


def main() -> None:
    import django

    from bench.run import SAMPLE_LINKS, ensure_database, manage

    ensure_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from audit.models import AuditEntry
    from bench.incidents import seed
    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production's manifest
    call_command("load_launch_content", verbosity=0, stdout=io.StringIO())
    manage("shell", "-c", SAMPLE_LINKS)  # the six curated links readers' home page shows
    client = Client(HTTP_HOST="127.0.0.1")
    empty = measure(client)
    empty_rows = (Incident.objects.count(), AuditEntry.objects.count())

    started = time.perf_counter()
    seed_audit(AUDIT_ROWS)
    audit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    seed()
    incident_seconds = time.perf_counter() - started
    # This machine's PostgreSQL runs without autovacuum: give the planner its statistics
    # and the visibility map an index-only scan needs, as autovacuum would.
    with connection.cursor() as cursor:
        for table in ("incidents_incident", "incidents_incidentcountry", "incidents_attribution"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("VACUUM ANALYZE audit_auditentry")
    full = measure(client)
    full_rows = (Incident.objects.count(), AuditEntry.objects.count())
    print(
        f"seeded in {audit_seconds:.1f} s (audit entries, chained and sealed) and "
        f"{incident_seconds:.1f} s (incidents)"
    )
    print(
        f"\n{'case':38} {'empty: ms':>13} {'queries':>7} {'history: ms':>13} {'queries':>7}"
        f"\n{'':38} {'(median, min)':>13} {'':7} {'(median, min)':>13}"
        f"   (uncached, in-process, {SAMPLES} renders each)"
    )
    print(
        f"{'(incidents, audit entries)':38} {empty_rows[0]:>13,} {empty_rows[1]:>7,} "
        f"{full_rows[0]:>13,} {full_rows[1]:>7,}"
    )
    for name, _url in CASES:
        (med_e, min_e, q_e), (med_f, min_f, q_f) = empty[name], full[name]
        print(f"{name:38} {med_e:6.1f}, {min_e:5.1f} {q_e:7} {med_f:6.1f}, {min_f:5.1f} {q_f:7}")


if __name__ == "__main__":
    main()

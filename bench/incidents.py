"""The incidents record at scale: 10,000 incidents and 30,000 attributions in PostgreSQL.

Seeds the bench database once (bulk_create; left there for later runs) with incidents
spread over the last 24 months, across countries and categories, each with sources and
attributions, then times every public view of the record in-process and uncached
(`X-Bench-Render`, median of 5): the list unfiltered, with each filter and with all of
them, a later page and the last, one incident, the timeline, the map, the JSON API and
the streamed CSV (also its peak memory, which must not grow with the record). Run by
`make bench` or `python bench/run.py incidents` (`BENCH_ONLY=csv`: the CSV alone). Not a
test: nothing here asserts.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "10000"))
ATTRIBUTIONS_EACH = 3  # 30,000 attribution records for 10,000 incidents
TITLE = "Bench incident"
SAMPLES = 5
RENDER = {"HTTP_X_BENCH_RENDER": "1"}  # routed to the views without their page cache

# Where the record's incidents mostly happen, weighted (the front-line states most).
COUNTRY_WEIGHTS = {
    "PL": 14,
    "LT": 8,
    "LV": 8,
    "EE": 8,
    "FI": 6,
    "RO": 6,
    "DE": 6,
    "SE": 4,
    "DK": 4,
    "NO": 3,
    "MD": 3,
    "UA": 3,
    "CZ": 2,
    "FR": 2,
    "GB": 2,
    "NL": 2,
    "BE": 2,
    "BG": 2,
    "SK": 2,
    "HU": 1,
    "IT": 1,
    "ES": 1,
    "GE": 1,
    "TR": 1,
    "IE": 1,
}


def seed() -> None:
    """10,000 published incidents over the last 24 months, with 1 to 3 sources, 3
    attributions and now and then a correction each; done once per bench database."""
    from django.db import connection
    from django.utils import timezone

    from incidents.countries import COUNTRIES
    from incidents.models import (
        Attribution,
        Category,
        Confidence,
        Correction,
        Incident,
        IncidentCountry,
        IncidentState,
        Source,
        Target,
    )

    if Incident.objects.filter(title__startswith=TITLE).exists():
        return
    rng = random.Random(23)  # the same record on every machine
    today = timezone.localdate()
    now = timezone.now()
    codes, weights = list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values())
    categories, targets = list(Category), [*Target.values, ""]
    incidents = Incident.objects.bulk_create(
        (
            Incident(
                title=f"{TITLE} {n}",
                account="An account of what happened, in our own words. " * 4,
                started_on=today - timedelta(days=rng.randrange(730)),
                category=rng.choice(categories),
                target=rng.choice(targets),
                place=rng.choice(["", "near the border", "over the Baltic Sea"]),
                responses=rng.choice([[], ["aircraft_scrambled"], ["airports_closed"]]),
                state=IncidentState.PUBLISHED,
                published_at=now,
            )
            for n in range(INCIDENTS)
        ),
        batch_size=2000,
    )
    for incident in incidents:  # an end date on one in five
        if rng.random() < 0.2:
            incident.ended_on = min(today, incident.started_on + timedelta(days=rng.randrange(30)))
    Incident.objects.bulk_update([i for i in incidents if i.ended_on], ["ended_on"], 2000)
    IncidentCountry.objects.bulk_create(
        (
            IncidentCountry(
                incident=incident,
                code=code,
                nato_member=COUNTRIES[code].nato_member_on(incident.started_on),
            )
            for incident in incidents
            for code in set(rng.choices(codes, weights, k=rng.choice([1, 1, 1, 2])))
        ),
        batch_size=5000,
    )
    Source.objects.bulk_create(
        (
            Source(
                incident=incident,
                publisher=rng.choice(["Reuters", "Defence ministry", "Kyiv Independent", "BBC"]),
                title=f"Report {k} on incident {incident.pk}",
                published_on=incident.started_on + timedelta(days=k),
            )
            for incident in incidents
            for k in range(rng.randint(1, 3))
        ),
        batch_size=5000,
    )
    confidences = [c for c in Confidence if c != Confidence.UNATTRIBUTED]
    Attribution.objects.bulk_create(
        (
            Attribution(
                incident=incident,
                by_kind=rng.choice(["government", "nato", "investigators"]),
                by_name=rng.choice(["Polish government", "NATO", "Prosecutors"]),
                to_state="RU",
                confidence=rng.choice(confidences),
                stated_on=min(today, incident.started_on + timedelta(days=7 * k)),
            )
            for incident in incidents
            for k in range(ATTRIBUTIONS_EACH)
        ),
        batch_size=5000,
    )
    Correction.objects.bulk_create(
        Correction(incident=incident, note="A date was wrong.", changed_fields=["started_on"])
        for incident in incidents
        if rng.random() < 0.05
    )
    with connection.cursor() as cursor:
        for table in ("incident", "incidentcountry", "source", "attribution", "correction"):
            cursor.execute(f"ANALYZE incidents_{table}")


def timed(client, url: str) -> tuple[float, int]:
    """Median milliseconds of SAMPLES uncached requests, and the response's size."""
    samples, size = [], 0
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = client.get(url, **RENDER)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        samples.append((time.perf_counter() - started) * 1000)
        size = len(body)
    return statistics.median(samples), size


def csv_first_row(client) -> float:
    """Milliseconds until the CSV's first incident row is ready to send (median)."""
    samples = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = client.get("/incidents.csv", **RENDER)
        chunks = iter(response.streaming_content)
        for _ in range(3):  # the byte-order mark, the header, then the first batch's rows
            next(chunks)
        samples.append((time.perf_counter() - started) * 1000)
        response.close()  # the rest is never read: stop the query
    return statistics.median(samples)


def csv_memory(client) -> tuple[int, float, float]:
    """The peak of Python memory allocated (MiB) while the CSV is read chunk by chunk, as
    a server sends it: over its first 2,000 or so rows and over all of them. Streamed a
    batch at a time, the two are alike whatever the row count."""
    tracemalloc.start()
    response = client.get("/incidents.csv", **RENDER)
    early, rows, early_rows = 0, 0, 0
    for chunk in response.streaming_content:
        # Each row holds its page's address once, and nothing else in the bench's cells
        # does (a sources cell spans lines, so lines do not count rows).
        rows += chunk.count(b"/incidents/")
        if not early and rows > 2000:
            early, early_rows = tracemalloc.get_traced_memory()[1], rows
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return early_rows, early / 2**20, peak / 2**20


def main() -> None:
    import django

    from bench.run import ensure_database

    ensure_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from incidents.models import Attribution, Incident

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production's manifest
    started = time.perf_counter()
    seed()
    # This machine's PostgreSQL runs without autovacuum: give the planner its statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE incidents_incident")
    published = Incident.objects.published()
    print(
        f"fixture ready in {time.perf_counter() - started:.1f} s ({published.count():,} "
        f"published incidents, {Attribution.objects.count():,} attributions)"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    last_page = (published.count() + 19) // 20
    poland_pages = (published.filter(countries__code="PL").count() + 19) // 20
    first = published.order_by("-started_on").first()
    since = (date.today() - timedelta(days=180)).isoformat()
    cases = [
        ("list, unfiltered", "/incidents/"),
        ("list, country", "/incidents/?country=PL"),
        ("list, category", "/incidents/?category=drone_incursion"),
        ("list, attribution", "/incidents/?attribution=official"),
        ("list, date range", f"/incidents/?since={since}&until={date.today().isoformat()}"),
        ("list, NATO only", "/incidents/?nato=1"),
        (
            "list, all filters",
            f"/incidents/?country=PL&category=drone_incursion&attribution=official&nato=1"
            f"&since={since}",
        ),
        ("list, page 2", "/incidents/?page=2"),
        ("list, last page", f"/incidents/?page={last_page}"),
        ("list, country, last page", f"/incidents/?country=PL&page={poland_pages}"),
        ("incident detail", f"/incidents/{first.pk}/"),
        ("timeline", "/incidents/timeline/"),
        ("map", "/incidents/map/"),
        ("API, first page", "/api/incidents.json"),
        ("API, last page", f"/api/incidents.json?page={(published.count() + 99) // 100}"),
        ("Atom feed", "/feeds/incidents.xml"),
    ]
    if os.environ.get("BENCH_ONLY") == "csv":
        cases = []  # the CSV's figures alone
    print(f"\n{'case':28} {'ms':>8} {'KiB':>8}  (uncached, in-process, median of {SAMPLES})")
    for name, url in cases:
        try:
            ms, size = timed(client, url)
        except AssertionError as error:
            print(f"{name:28} failed: {error}")
            continue
        print(f"{name:28} {ms:8.1f} {size / 1024:8.0f}")
    ms, size = timed(client, "/incidents.csv")
    print(f"{'CSV, whole record':28} {ms:8.1f} {size / 1024:8.0f}")
    print(f"{'CSV, first row':28} {csv_first_row(client):8.1f}")
    early_rows, early, peak = csv_memory(client)
    print(
        f"CSV peak Python memory: {early:.1f} MiB over the first {early_rows:,} rows, "
        f"{peak:.1f} MiB over all"
    )


if __name__ == "__main__":
    main()

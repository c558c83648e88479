"""Fixed query counts whatever the amount of content; indexes where the big lists read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit import services as audit
from audit.models import Action, AuditEntry
from news.models import Candidate, CuratedLink, Feed, LinkState, Outlet
from status.models import Check, Indicator, Verdict
from tests.conftest import require_postgres
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PUBLIC = [
    "/",
    "/status/history/",
    "/news/",
    "/changelog/",
    "/api/status.json",
    "/badge.svg",
    "/feeds/news.xml",
    "/feeds/updates.xml",
    "/sitemap.xml",
]


def _content(n: int) -> None:
    now = timezone.now()
    outlet = Outlet.objects.create(name="O", domain=f"o{n}.example")
    verdicts = Verdict.objects.bulk_create(
        Verdict(
            state="no_war", answer="No", headline=f"h{i}", summary="s", reason="r", effective_at=now
        )
        for i in range(n)
    )
    Check.objects.create(checked_at=now, verdict=verdicts[-1])
    Indicator.objects.bulk_create(
        Indicator(
            key=f"k{n}-{i}",
            name="n",
            state="not_met",
            state_label="No",
            note="x",
            updated_at=now,
            order=i,
        )
        for i in range(n)
    )
    CuratedLink.objects.bulk_create(
        CuratedLink(
            url=f"https://o.example/{n}-{i}",
            title="t",
            outlet=outlet,
            context="c",
            source_published_at=now,
            state=LinkState.PUBLISHED,
        )
        for i in range(n)
    )
    feed = Feed.objects.create(url=f"https://o.example/rss{n}")
    Candidate.objects.bulk_create(
        Candidate(
            feed=feed,
            guid=f"{n}-{i}",
            url=f"https://c.example/{n}-{i}",
            canonical_url=f"https://c.example/{n}-{i}",
            title="t",
            score=i,
        )
        for i in range(n)
    )
    for i in range(n):
        audit.record(
            actor=None,
            action=Action.CHANGED,
            public=True,
            summary=f"c{i}",
            obj=verdicts[i % len(verdicts)],
        )


def _counts(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_public_pages_and_the_api_make_the_same_queries_with_1_and_200_items(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    _content(1)
    small = _counts(client, PUBLIC)
    _content(199)
    assert _counts(client, PUBLIC) == small


def test_each_languages_home_page_and_api_make_the_english_pages_queries(client, settings):
    """The translation rides on the verdict query the page makes anyway (issue 36)."""
    from django.core.management import call_command

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    call_command("load_launch_content", verbosity=0)  # translated verdicts in every language
    _content(1)  # and a newer English one each language shows in English
    english = _counts(client, ["/", "/api/status.json"])
    for code in settings.SITE_LANGUAGES:
        counts = _counts(client, [f"/{code}/", f"/{code}/api/status.json"])
        assert list(counts.values()) == list(english.values()), code


def test_admin_changelists_make_no_per_row_queries(client):
    client.force_login(make_user("root", superuser=True))
    urls = [
        "/admin/news/candidate/?queue=all",
        "/admin/news/curatedlink/",
        "/admin/audit/auditentry/",
    ]
    _content(1)
    small = _counts(client, urls)
    _content(199)  # 200 in all: more than one admin page (100 rows) of each
    assert _counts(client, urls) == small


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres(reason="reads PostgreSQL's query plans (EXPLAIN)")
def test_the_candidate_queue_and_the_changelog_read_through_indexes():
    require_postgres()
    feed = Feed.objects.create(url="https://o.example/rss")
    Candidate.objects.bulk_create(
        Candidate(
            feed=feed,
            guid=str(i),
            url=f"https://c.example/{i}",
            title="t",
            canonical_url=f"https://c.example/{i}",
            score=i % 97,
            urgent=i % 500 == 0,
            state="pending" if i % 3 else "rejected",
        )
        for i in range(20000)
    )
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            created_at=now, action="changed", summary=f"s{i}", public=i % 4 == 0, hash=f"{i:064d}"
        )
        for i in range(20000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_candidate; ANALYZE audit_auditentry;")
    queue = _plan(Candidate.objects.review_queue()[:50])
    assert "candidate_queue" in queue and "Seq Scan on news_candidate" not in queue, queue
    changelog = _plan(AuditEntry.objects.public().newest_first()[:26])
    assert "audit_public_newest" in changelog, changelog

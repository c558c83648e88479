"""The content version: read from the database, only ever up, shared by the processes
forked from one parent, and moved on by a change for its own thread at once and for
everyone else only once it commits."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection

from audit.models import Action, AuditEntry
from audit.services import record
from core import cache_version
from status import services
from status.models import State
from tests.conftest import require_postgres
from tests.factories import make_user
from tests.status.factories import make_check, make_verdict

pytestmark = pytest.mark.django_db


def change_verdict(headline: str) -> None:
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline=headline, summary="s", reason="r"
    )


def in_another_thread(function):
    result = []
    thread = threading.Thread(target=lambda: result.append(function()))
    thread.start()
    thread.join()
    return result[0]


def test_a_change_moves_the_version_for_its_own_thread_and_for_others_only_once_committed():
    before = cache_version.content_version()
    change_verdict("Changed.")
    newest = AuditEntry.objects.order_by("-id").first().pk
    assert cache_version.content_version() == newest  # this thread renders the change
    # Another thread reads committed data only: labelling its page with the new version
    # would keep a page without the change as if it had it.
    assert in_another_thread(cache_version.content_version) == before


def test_failed_sign_ins_and_feed_polls_do_not_move_the_version(client):
    make_check(age=timedelta(hours=1), verdict=make_verdict())
    services.record_check(user=None)  # an entry readers see
    version = cache_version.content_version()
    make_user("ed", staff=False)
    for n in range(3):  # anyone can make these
        client.post("/admin/login/", {"username": "ed", "password": f"wrong-{n}"})
    record(actor=None, action=Action.POLLED, summary="3 new candidate headline(s)")
    assert cache_version.content_version() == version


def test_the_version_never_goes_backwards():
    cache_version._refresher.note(50)
    cache_version._refresher.note(40)  # a slower reader, a lagging replica
    assert cache_version._refresher.value == 50
    assert cache_version.content_version() >= 50


def _see(value: int) -> None:
    cache_version._shared.raise_to(value)


def test_a_version_one_worker_sees_is_every_workers_at_once():
    """gunicorn forks its workers from one loaded parent: one that reads or commits a
    new version raises it for all, so a reader going from one to the next never gets an
    older page than the last."""
    child = multiprocessing.get_context("fork").Process(target=_see, args=(10**12,))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    assert cache_version._shared.get() == 10**12
    assert cache_version.content_version() == 10**12


def test_with_the_database_unreadable_the_last_version_read_stands(monkeypatch, settings):
    settings.CONTENT_VERSION_MAX_AGE = 0.05
    change_verdict("Read once.")
    known = in_another_thread(cache_version.content_version)

    def down():
        raise OperationalError("the database went away")

    monkeypatch.setattr(cache_version, "_mark", down)
    for _ in range(5):
        assert in_another_thread(cache_version.content_version) == known


@pytest.mark.postgres(reason="reads PostgreSQL's query plan (EXPLAIN)")
def test_the_version_is_one_step_of_an_index_however_many_polls_came_since():
    from audit.selectors import newest_onstage_entry_id  # noqa: F401  (the reader)

    require_postgres()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            created_at="2026-01-01T00:00:00Z",
            action=Action.POLLED if i % 100 else Action.CHANGED,
            summary=f"s{i}",
            hash=f"{i:064d}",
        )
        for i in range(20000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry")
    query = AuditEntry.objects.onstage().order_by("-id").values_list("id", flat=True)[:1]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "audit_onstage" in plan, plan

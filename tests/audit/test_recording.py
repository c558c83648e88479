"""The audit log: recorded with the change, append-only, tamper-evident."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit import services as audit
from audit.models import Action, AuditEntry
from audit.verification import first_broken_link
from tests.conftest import require_postgres

pytestmark = pytest.mark.django_db


def test_a_change_and_its_entry_roll_back_together():
    with pytest.raises(RuntimeError), transaction.atomic():
        group = Group.objects.create(name="Temporary")
        audit.record(actor=None, action=Action.CREATED, obj=group, summary="Group added")
        raise RuntimeError("the save failed after the entry was written")
    assert not Group.objects.filter(name="Temporary").exists()
    assert not AuditEntry.objects.exists()


def test_an_entry_needs_a_readable_summary():
    with pytest.raises(ValueError):
        audit.record(actor=None, action=Action.CHANGED, summary="  ")


def test_an_entry_keeps_a_readable_name_after_its_object_is_deleted():
    group = Group.objects.create(name="Short-lived")
    audit.record(actor=None, action=Action.CREATED, obj=group, summary="Group added")
    group.delete()
    entry = AuditEntry.objects.get()
    assert entry.object_repr == "Short-lived"
    assert entry.actor_name == "system"


def test_long_text_changes_are_stored_as_a_compact_diff():
    old = "\n".join(f"line {n}" for n in range(60))
    new = old.replace("line 30", "line thirty")
    marker, diff = audit.diff_values(old, new)
    assert marker == "(long text)"
    assert "-line 30" in diff and "+line thirty" in diff
    assert "line 10" not in diff  # only the changed region and its context
    assert audit.diff_values("a", "b") == ["a", "b"]


def _record_many(count: int) -> None:
    for n in range(count):
        audit.record(actor=None, action=Action.CHANGED, summary=f"Change {n}")


def test_the_chain_verifies():
    _record_many(5)
    result = first_broken_link()
    assert (result.checked, result.broken) == (5, None)
    call_command("verify_audit_log")


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def test_verify_names_the_entry_altered_behind_the_logs_back():
    _record_many(4)
    victim = AuditEntry.objects.order_by("id")[2]
    _tamper(
        "UPDATE audit_auditentry SET summary = %s WHERE id = %s", ["Nothing happened", victim.pk]
    )
    with pytest.raises(CommandError) as broken:
        call_command("verify_audit_log")
    assert f"entry {victim.pk}" in str(broken.value)
    assert "2 entries verified before it" in str(broken.value)


def test_verify_notices_a_deleted_entry():
    _record_many(3)
    middle = AuditEntry.objects.order_by("id")[1]
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [middle.pk])
    result = first_broken_link()
    assert result.broken is not None and result.broken.pk > middle.pk


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditentry SET summary = 'rewritten'", "DELETE FROM audit_auditentry"]
)
@pytest.mark.postgres(reason="the append-only trigger on the audit log is PostgreSQL's")
def test_postgresql_refuses_to_update_or_delete_entries(sql):
    require_postgres()
    _record_many(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.get().summary == "Change 0"


@pytest.mark.postgres(reason="the append-only trigger on the audit log is PostgreSQL's")
def test_the_orm_cannot_rewrite_an_entry_on_postgresql():
    require_postgres()
    _record_many(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(public=True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_valid():

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record(actor=None, action=Action.CHANGED, summary=f"w{n} change {i}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert AuditEntry.objects.count() == 30
    assert first_broken_link().broken is None


def test_every_row_the_launch_content_creates_has_its_audit_entry_once():
    from django.contrib.contenttypes.models import ContentType

    from explainers.models import Explainer
    from news.models import CuratedLink, Feed, Outlet
    from status.models import Indicator, Verdict

    call_command("load_launch_content", verbosity=0)
    for model in (Verdict, Indicator, Outlet, CuratedLink, Feed, Explainer):
        ct = ContentType.objects.get_for_model(model)
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        recorded = set(
            AuditEntry.objects.filter(content_type=ct).values_list("object_id", flat=True)
        )
        assert ids and ids <= recorded, f"{model.__name__}: {sorted(ids - recorded)} unrecorded"
    launch = AuditEntry.objects.filter(actor__isnull=True).count()
    call_command("load_launch_content", verbosity=0)
    assert AuditEntry.objects.filter(actor__isnull=True).count() == launch
    indicator = Indicator.objects.order_by("pk").first()
    entry = AuditEntry.objects.for_object(indicator).get()
    assert entry.action == Action.CREATED
    assert entry.summary == f"Indicator added with the launch content: {indicator}"
    assert entry.changes["note"][1] == indicator.note
    assert first_broken_link().broken is None

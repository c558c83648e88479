"""The README's backup and restore commands, run exactly as it writes them."""

import json
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from audit.models import AuditEntry
from status import services
from status.models import State, Verdict
from tests.audit import chains
from tests.conftest import ROOT, require_postgres
from tests.processes import bare_env

pytestmark = pytest.mark.django_db(transaction=True)

BACKUP = "make backup and make restore run pg_dump and pg_restore, PostgreSQL's own tools"


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _operator_env(database_url: str) -> dict[str, str]:
    """An operator's shell: DATABASE_URL and nothing of the web's (no SECRET_KEY, no DEBUG)."""
    return bare_env(DATABASE_URL=database_url)


def _make(target: str, env: dict[str, str], **variables: str) -> subprocess.CompletedProcess:
    args = ["make", "--no-print-directory", target, *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


@pytest.mark.postgres(reason=BACKUP)
def test_make_backup_then_make_restore_into_a_fresh_database(tmp_path):
    require_postgres()
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )
    services.record_check(user=None, note="Backed up.")
    dump = tmp_path / "site.dump"
    backup = _make("backup", _operator_env(_url(connection.settings_dict["NAME"])), FILE=str(dump))
    assert backup.returncode == 0, backup.stderr + backup.stdout
    assert f"Backed up to {dump}" in backup.stdout
    # The operator's shell has no AUDIT_KEY: the links are checked, and it says so.
    assert "Audit chain links intact: 2 entries" in backup.stdout
    assert "the 2 keyed hashes were NOT checked" in backup.stdout
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only: it holds addresses
    sidecar = tmp_path / "site.dump.checkpoint.json"
    head = AuditEntry.objects.order_by("-id").first()
    assert json.loads(sidecar.read_text())["head"]["hash"] == head.hash
    assert "The chain extends the checkpoint issued" in backup.stdout
    assert "it is unsigned (taken before the signer signed one)" in backup.stdout
    fresh = f"restore_{uuid.uuid4().hex[:8]}"
    admin_url = _url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = _make("restore", _operator_env(_url(fresh)), FILE=str(dump))
        assert restore.returncode == 0, restore.stderr + restore.stdout
        assert f"Restored {dump} into database {fresh}." in restore.stdout
        assert "Audit chain links intact: 2 entries" in restore.stdout
        assert "The chain extends the checkpoint issued" in restore.stdout
        assert f"(at entry {head.pk})" in restore.stdout
        assert "The audit chain verifies." in restore.stdout
        with psycopg.connect(_url(fresh)) as conn:
            verdicts = conn.execute("SELECT answer FROM status_verdict").fetchall()
            entries = conn.execute("SELECT hash FROM audit_auditentry ORDER BY id").fetchall()
        assert verdicts == [(v,) for v in Verdict.objects.values_list("answer", flat=True)]
        expected = AuditEntry.objects.order_by("id").values_list("hash", flat=True)
        assert [h for (h,) in entries] == list(expected)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.mark.postgres(reason=BACKUP)
def test_with_audit_key_in_the_operators_shell_a_backup_checks_every_keyed_hash(tmp_path, settings):
    require_postgres()
    services.record_check(user=None, note="Backed up with the key.")
    env = {
        **_operator_env(_url(connection.settings_dict["NAME"])),
        "AUDIT_KEY": settings.AUDIT_KEY,
    }
    backup = _make("backup", env, FILE=str(tmp_path / "keyed.dump"))
    assert backup.returncode == 0, backup.stderr + backup.stdout
    assert "Audit chain intact: 1 entries." in backup.stdout
    assert "NOT checked" not in backup.stdout


@pytest.mark.postgres(reason=BACKUP)
def test_a_dump_swapped_for_one_without_the_newest_entries_fails_against_its_checkpoint(
    tmp_path, settings
):
    require_postgres()
    services.record_check(user=None, note="Kept.")
    services.record_check(user=None, note="To be lost.")
    env = {
        **_operator_env(_url(connection.settings_dict["NAME"])),
        "AUDIT_KEY": settings.AUDIT_KEY,
    }
    complete, short = tmp_path / "complete.dump", tmp_path / "short.dump"
    assert _make("backup", env, FILE=str(complete)).returncode == 0
    chains.delete_newest(1)
    assert _make("backup", env, FILE=str(short)).returncode == 0
    # The short dump put where the complete one was, its own checkpoint left behind.
    short.replace(complete)
    fresh = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = _make("restore", {**env, "DATABASE_URL": _url(fresh)}, FILE=str(complete))
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    assert "Error 3" in restore.stderr, restore.stderr + restore.stdout
    assert "is missing: entries were deleted since" in restore.stderr
    assert "the restored audit chain does not verify" in restore.stderr


@pytest.mark.postgres(reason=BACKUP)
def test_a_restore_that_fails_says_the_database_was_left_as_it_was(tmp_path):
    require_postgres()
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP not really a dump")
    restore = _make("restore", _operator_env(_url(connection.settings_dict["NAME"])), FILE=broken)
    assert restore.returncode != 0
    assert "the database was left as it was before" in restore.stderr
    assert "Restored" not in restore.stdout


def test_the_database_password_reaches_pg_dump_through_the_environment_not_its_arguments():
    env = {"DATABASE_URL": "postgres://app:s%40cret%20pw@db.example:6543/site?sslmode=require"}
    proc = subprocess.run(
        [sys.executable, "bin/pg_environment.py"],
        cwd=ROOT,
        env={**_operator_env(""), **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    exported = dict(line.removeprefix("export ").split("=", 1) for line in proc.stdout.splitlines())
    assert exported == {
        "PGHOST": "db.example",
        "PGPORT": "6543",
        "PGUSER": "app",
        "PGPASSWORD": "'s@cret pw'",
        "PGDATABASE": "site",
        "PGSSLMODE": "require",
    }
    for script in ("bin/backup", "bin/restore"):
        commands = [
            line for line in (ROOT / script).read_text().splitlines() if "pg_dump" in line
        ] + [line for line in (ROOT / script).read_text().splitlines() if "pg_restore" in line]
        assert all("DATABASE_URL" not in line for line in commands), script

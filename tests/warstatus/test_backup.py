"""make backup, then make restore into a fresh database: same rows, a verifying audit chain."""

import os
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from status import services
from status.models import State, Verdict
from tests.conftest import ROOT, require_postgres
from warstatus.audit.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def test_backup_then_restore_into_a_fresh_database(tmp_path):
    require_postgres()
    services.change_verdict(user=None, state=State.NO_WAR, answer="No", headline="h",
                            summary="s", reason="")  # fmt: skip
    services.record_check(user=None, note="Backed up.")
    source = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source}
    dump = tmp_path / "site.dump"
    backup = subprocess.run(["bin/backup", str(dump)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only: it holds addresses
    fresh = f"restore_{uuid.uuid4().hex[:8]}"
    admin_url = _url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = subprocess.run(["bin/restore", str(dump)], cwd=ROOT, capture_output=True,
                                 env={**env, "DATABASE_URL": _url(fresh)}, text=True, timeout=120)  # fmt: skip
        assert restore.returncode == 0, restore.stderr + restore.stdout
        assert "Audit chain intact: 2 entries" in restore.stdout
        with psycopg.connect(_url(fresh)) as conn:
            verdicts = conn.execute("SELECT answer FROM status_verdict").fetchall()
            entries = conn.execute("SELECT hash FROM audit_auditentry ORDER BY id").fetchall()
        assert verdicts == [(v,) for v in Verdict.objects.values_list("answer", flat=True)]
        assert [h for (h,) in entries] == list(AuditEntry.objects.order_by("id")
                                               .values_list("hash", flat=True))  # fmt: skip
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

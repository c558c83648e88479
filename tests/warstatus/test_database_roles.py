"""Least privilege in the database: the application's role cannot rewrite the audit log.

The real init script (deploy/postgres/init-roles.sh) runs against real databases, then
the tests connect as the role it made. Roles belong to the whole cluster, so each test
makes its own under a unique name and drops it afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection

from audit.models import AuditEntry
from status import services
from tests.conftest import ROOT, require_postgres

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(
        reason="the database roles (deploy/postgres/init-roles.sh) are PostgreSQL's"
    ),
]

INIT_ROLES = ROOT / "deploy" / "postgres" / "init-roles.sh"


def _server() -> tuple[str, str]:
    db = connection.settings_dict
    return db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432)


def _url(user: str, database: str) -> str:
    host, port = _server()
    return f"postgres://{user}@{host}:{port}/{database}"


def _owner() -> str:
    return connection.settings_dict["USER"]


def _init_roles(database: str, app_user: str) -> subprocess.CompletedProcess:
    """The script as the postgres image runs it: POSTGRES_* from the environment."""
    host, port = _server()
    env = {
        "PATH": os.environ["PATH"],
        "PGHOST": host,
        "PGPORT": port,
        "POSTGRES_USER": _owner(),
        "POSTGRES_DB": database,
        "POSTGRES_APP_USER": app_user,
        "POSTGRES_APP_PASSWORD": "app-password-1",
    }
    return subprocess.run(
        ["bash", str(INIT_ROLES)], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def app_role() -> Iterator[str]:
    require_postgres()
    name = f"wtd_app_{uuid.uuid4().hex[:10]}"
    databases = [connection.settings_dict["NAME"]]
    yield name
    # Its grants live in each database; the role itself in the cluster.
    for database in databases:
        with psycopg.connect(_url(_owner(), database), autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{name}"')
    with psycopg.connect(_url(_owner(), "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def fresh_database() -> Iterator[str]:
    name = f"roles_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_url(_owner(), "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_url(_owner(), "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _refused(conn: psycopg.Connection, sql: str) -> str:
    """Run `sql` as the role; the database's refusal, or "" when it was allowed."""
    try:
        with conn.transaction():
            conn.execute(sql)
    except psycopg.errors.InsufficientPrivilege as error:
        return str(error)
    return ""


def _rights(database: str, role: str, table: str = "audit_auditentry") -> set[str]:
    with psycopg.connect(_url(_owner(), database)) as conn:
        return {
            right
            for right in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
            if conn.execute(
                "SELECT has_table_privilege(%s, %s, %s)", [role, table, right]
            ).fetchone()[0]
        }


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_application_role_reads_and_appends_to_the_audit_log_and_nothing_more(app_role):
    services.record_check(user=None, note="Before the role existed.")
    database = connection.settings_dict["NAME"]
    made = _init_roles(database, app_role)
    assert made.returncode == 0, made.stderr
    again = _init_roles(database, app_role)  # safe to run twice (e.g. on an upgrade)
    assert again.returncode == 0, again.stderr
    with psycopg.connect(_url(app_role, database), autocommit=True) as conn:
        role = conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s",
            [app_role],
        ).fetchone()
        assert role == (False, False, False)
        assert not _refused(
            conn,
            "INSERT INTO audit_auditentry (created_at, actor_name, action, object_id, "
            "object_repr, object_url, changes, summary, note, public, prev_hash, hash) "
            "VALUES (now(), 'app', 'changed', '', '', '', '{}', 'Appended', '', false, "
            "'', 'test-only-hash')",
        )
        summaries = conn.execute("SELECT summary FROM audit_auditentry ORDER BY id").fetchall()
        assert [s for (s,) in summaries][-1] == "Appended"
        # Refused by privilege, before the append-only trigger is even asked.
        for sql in (
            "UPDATE audit_auditentry SET note = 'tampered'",
            "DELETE FROM audit_auditentry",
            "TRUNCATE audit_auditentry",
        ):
            assert "permission denied for table audit_auditentry" in _refused(conn, sql), sql
        assert "permission denied to set parameter" in _refused(
            conn, "SET session_replication_role = replica"
        )
        assert "must be owner" in _refused(
            conn, "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only"
        )
        assert "must be owner" in _refused(conn, "DROP TABLE audit_auditentry")
        # Ordinary rows elsewhere: written, changed and deleted as the site does.
        for sql in (
            "INSERT INTO auth_group (name) VALUES ('Written by the app role')",
            "UPDATE auth_group SET name = 'Renamed' WHERE name = 'Written by the app role'",
            "DELETE FROM auth_group WHERE name = 'Renamed'",
        ):
            assert not _refused(conn, sql), sql
    assert AuditEntry.objects.filter(note="tampered").count() == 0


def test_the_site_itself_runs_as_the_application_role(app_role):
    database = connection.settings_dict["NAME"]
    assert _init_roles(database, app_role).returncode == 0
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DATABASE_URL": _url(app_role, database),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    code = (
        "from status.services import record_check; "
        "record_check(user=None, note='Checked by the app role.')"
    )
    for args in (["shell", "-c", code], ["verify_audit_log"]):
        proc = _run(sys.executable, "manage.py", *args, env=env)
        assert proc.returncode == 0, proc.stderr
    assert AuditEntry.objects.get().note == "Checked by the app role."
    assert "Audit chain intact: 1 entries." in proc.stdout


def test_on_a_new_database_the_migrations_leave_the_role_only_select_and_insert_on_the_log(
    app_role, fresh_database, tmp_path
):
    # The compose order: the image runs the script on the empty database, then
    # `migrate` creates every table as the owner.
    assert _init_roles(fresh_database, app_role).returncode == 0
    owner_env = {**os.environ, "DATABASE_URL": _url(_owner(), fresh_database)}
    migrate = _run(sys.executable, "manage.py", "migrate", "--noinput", env=owner_env)
    assert migrate.returncode == 0, migrate.stderr
    assert _rights(fresh_database, app_role) == {"SELECT", "INSERT"}
    assert _rights(fresh_database, app_role, "django_session") == {
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
    }
    with psycopg.connect(_url(_owner(), fresh_database)) as conn:
        sequence = "SELECT has_sequence_privilege(%s, 'auth_group_id_seq', 'USAGE')"
        assert conn.execute(sequence, [app_role]).fetchone()[0]

    # A restore makes the tables afresh, as the owner, whose default privileges give
    # the role every right again: bin/restore takes the audit log's back.
    dump = str(tmp_path / "site.dump")
    operator = {"PATH": os.environ["PATH"]}
    here = _url(_owner(), connection.settings_dict["NAME"])
    backup = _run("bin/backup", dump, env={**operator, "DATABASE_URL": here})
    assert backup.returncode == 0, backup.stderr + backup.stdout
    restore = _run("bin/restore", dump, env={**operator, "DATABASE_URL": owner_env["DATABASE_URL"]})
    assert restore.returncode == 0, restore.stderr + restore.stdout
    assert _rights(fresh_database, app_role) == {"SELECT", "INSERT"}


def test_the_script_refuses_to_make_the_owner_the_application_role():
    require_postgres()
    proc = _init_roles(connection.settings_dict["NAME"], _owner())
    assert proc.returncode == 2
    assert "must differ from POSTGRES_USER" in proc.stderr

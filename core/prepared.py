"""Statements that PostgreSQL plans once per connection, for the busiest fixed queries.

Django binds parameters on the client and never prepares a statement (its default, so
that a pooler in transaction mode never meets a statement prepared on another client's
connection), so PostgreSQL parses and plans every query it is sent. For a few queries
of fixed text run many times a minute (a feed poll's claim and insert), the
plan cost as much as the work: `prepared_cursor()` gives a cursor that binds on the
server and prepares each statement it runs, once per connection (psycopg keeps the
names and prepares again on a new connection). Queries still go through Django's
cursor wrapper, so they are logged, counted by the tests and their errors translated.

A prepared statement keeps its plan until the statistics of its tables change (ANALYZE,
which autovacuum runs as a table grows): only a query whose plan cannot go stale as
a table grows belongs here, an insert or a look-up by primary key in a small table,
never a search of a big one (a plan made while it was empty would scan it whole).

This project connects to PostgreSQL directly. Behind a pooler, that pooler must keep
prepared statements per client (PgBouncer 1.21 and later, `max_prepared_statements`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.backends.utils import CursorWrapper
from psycopg.postgres import types
from psycopg.pq import Format

_TIMESTAMPTZ_OID = types["timestamptz"].oid


class _PreparingCursor(ServerBindingCursor):
    """Django's server-binding cursor, preparing every statement it runs."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
        return super().execute(query, params, **{**options, "prepare": True})


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor for `%s`-parameter queries of fixed text; on SQLite, an ordinary one."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    if connection.timezone != raw.adapters.get_loader(_TIMESTAMPTZ_OID, Format.TEXT).timezone:
        # As Django's own cursors do when the connection's time zone is not the site's.
        register_tzloader(connection.timezone, raw)
    wrapped = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    with wrapped as cursor:
        yield cursor

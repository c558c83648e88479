"""Transaction-long locks by name, for writes that must not interleave."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from django.db import connection

_LOCK = "SELECT pg_advisory_xact_lock(%s)"


def hold_for_transaction(name: str) -> None:
    """Wait for, then hold until commit or rollback, the lock called `name`.

    A row lock can't serialise writers that each *insert* (two editors
    publishing a verdict both lock the same old newest row, then both insert);
    an advisory lock can. SQLite serialises writers itself: its transactions begin
    IMMEDIATE (settings), taking the one write lock before their first read.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_LOCK, [_key(name)])


def hold_then_fetch(name: str, *, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """`hold_for_transaction(name)`, then the rows of the read `sql`: one round trip.

    On PostgreSQL the two go as two statements of one query (Django has the driver
    bind parameters on the client and send the text as a simple query); each statement
    of a READ COMMITTED transaction takes its own snapshot, so the read sees every
    row committed by whoever held the lock before, exactly as a query of its own
    would. (Binding on the server, the OPTIONS' `server_side_binding`, would refuse
    two statements in one query, loudly.)
    """
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        cursor.execute(f"{_LOCK}; {sql}", [_key(name), *params])
        cursor.nextset()
        return cursor.fetchall()


def _key(name: str) -> int:
    return zlib.crc32(name.encode())

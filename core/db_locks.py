"""Transaction-long locks by name, for writes that must not interleave."""

from __future__ import annotations

import zlib

from django.db import connection


def hold_for_transaction(name: str) -> None:
    """Wait for, then hold until commit or rollback, the lock called `name`.

    A row lock can't serialise writers that each *insert* (two editors
    publishing a verdict both lock the same old newest row, then both insert);
    an advisory lock can. SQLite serialises writers itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])

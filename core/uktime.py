"""UK time in words: "Sunday 22 November 2026, 14:05 GMT".

Django's "T" format prints nothing during the repeated hour when the clocks go
back; the zone's own name (which respects `fold`) is always right.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

# Lists and tables: "27 Nov 2026, 13:26 GMT".
SHORT = "j M Y, H:i"


def uk_datetime(value: datetime | None, fmt: str = "l j F Y, H:i") -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, fmt)} {local.tzname()}"


def uk_iso(value: datetime | None) -> str:
    """ISO 8601 with the UK offset in force, for <time datetime>."""
    return timezone.localtime(value).isoformat() if value else ""


def uk_input(value: datetime | None) -> str:
    """The value a <input type="datetime-local"> shows: UK wall-clock time, no zone."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""

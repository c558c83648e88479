"""UK time in words: "Sunday 22 November 2026, 14:05 GMT", and in each site language's
own order and words ("Niedziela, 22 listopada 2026, 14:05 GMT").

A format may be a name defined in core/formats/<code>/formats.py (UK_DATETIME_FORMAT,
UK_SHORT_DATETIME_FORMAT, UK_DATE_FORMAT) or a format string. Django's "T" format prints
nothing during the repeated hour when the clocks go back; the zone's own name (which
respects `fold`) is always right, so "01:30 BST" and "01:30 GMT" stay two moments.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import pgettext

# Lists and tables: "27 Nov 2026, 13:26 GMT".
SHORT = "j M Y, H:i"


def uk_datetime(value: datetime | None, fmt: str = "UK_DATETIME_FORMAT") -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, get_format(fmt))} {zone_name(local)}"


def zone_name(local: datetime) -> str:
    """ "GMT" or "BST", as the reader's language writes it (the abbreviations are
    understood in every site language; a catalogue may spell them out)."""
    name = local.tzname() or ""
    if name == "GMT":
        return pgettext("UK time zone in winter", "GMT")
    if name == "BST":
        return pgettext("UK time zone in summer", "BST")
    return name


def uk_iso(value: datetime | None) -> str:
    """ISO 8601 with the UK offset in force, for <time datetime>."""
    return timezone.localtime(value).isoformat() if value else ""


def uk_input(value: datetime | None) -> str:
    """The value a <input type="datetime-local"> shows: UK wall-clock time, no zone."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""

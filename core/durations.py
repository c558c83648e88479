"""Durations in words, for readers and staff emails, in the active language: "2 days and
3 hours"; "2 dni i 3 godziny" (ngettext: Polish, Lithuanian, Latvian, Ukrainian and
Romanian have three plural forms, and the catalogues' Plural-Forms pick them)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext, ngettext


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _hours(n: int) -> str:
    return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}


def _minutes(n: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def describe_duration(delta: timedelta) -> str:
    """'2 days and 3 hours', '5 hours and 12 minutes', '40 minutes'."""
    minutes = int(delta.total_seconds() // 60)
    days, rem = divmod(minutes, 24 * 60)
    hours, mins = divmod(rem, 60)
    parts = [
        say(amount) for amount, say in ((days, _days), (hours, _hours), (mins, _minutes)) if amount
    ]
    if not parts:
        return gettext("less than a minute")
    if len(parts) == 1:
        return parts[0]
    return gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}

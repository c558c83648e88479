"""Durations in words, for readers and staff emails."""

from __future__ import annotations

from datetime import timedelta


def describe_duration(delta: timedelta) -> str:
    """'2 days and 3 hours', '5 hours and 12 minutes', '40 minutes'."""
    minutes = int(delta.total_seconds() // 60)
    days, rem = divmod(minutes, 24 * 60)
    hours, mins = divmod(rem, 60)
    parts = []
    for amount, unit in ((days, "day"), (hours, "hour"), (mins, "minute")):
        if amount:
            parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
    if not parts:
        return "less than a minute"
    return " and ".join(parts[:2])

"""How fresh the verdict is: staleness and its description in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.durations import describe_duration


@dataclass(frozen=True)
class Freshness:
    last_checked_at: datetime | None
    age: timedelta | None
    stale: bool

    @property
    def age_in_words(self) -> str:
        return describe_duration(self.age) if self.age is not None else "never"

    @property
    def shown_until(self) -> datetime | None:
        """When what readers see of this freshness changes by the clock alone.

        Fresh: the moment it turns stale (the warning must appear then). Stale: the
        next minute of its age ("2 hours and 5 minutes"). Never checked: never.
        """
        if self.last_checked_at is None or self.age is None:
            return None
        if not self.stale:
            return self.last_checked_at + settings.STATUS_STALE_AFTER + timedelta(microseconds=1)
        return self.last_checked_at + timedelta(minutes=self.age // timedelta(minutes=1) + 1)


def freshness(last_checked_at: datetime | None, *, now: datetime | None = None) -> Freshness:
    now = now or timezone.now()
    if last_checked_at is None:
        return Freshness(None, None, True)
    age = max(now - last_checked_at, timedelta(0))
    return Freshness(last_checked_at, age, age > settings.STATUS_STALE_AFTER)

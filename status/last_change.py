"""The story of the last change, as the answer box tells it.

"Changed 27 November 2026, 14:05 GMT: from No to Not formally — <reason>", or, for a
verdict nothing has replaced yet, "Unchanged since 3 March 2026" (with the time when that
is today, so a reader who saw the page this morning can tell it is a new answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from core.text import one_line
from status.models import Verdict

# One line in the answer box; the history page has the whole reason.
REASON_LENGTH = 160


@dataclass(frozen=True)
class LastChange:
    at: datetime
    # None for the first verdict: there is nothing it changed from.
    from_answer: str | None
    from_state: str | None
    to_answer: str
    to_state: str
    reason: str
    # "Unchanged since" shows the time only on the day itself.
    today: bool
    # When what it shows changes by the clock alone (at midnight, "today" ends).
    shown_until: datetime | None

    @property
    def changed(self) -> bool:
        return self.from_answer is not None

    @property
    def same_answer(self) -> bool:
        """The state moved but the short answer did not ("No" to "No"): say what moved."""
        return self.from_answer == self.to_answer


def reason_line(reason: str, limit: int = REASON_LENGTH) -> str:
    """The reason on one line, cut at a word near `limit` with an ellipsis."""
    text = one_line(reason)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.—-")
    return f"{cut}…"


def _next_uk_midnight(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    tomorrow = (local + timedelta(days=1)).date()
    return timezone.make_aware(datetime(tomorrow.year, tomorrow.month, tomorrow.day))


def last_change(
    verdict: Verdict | None, previous: Verdict | None, *, now: datetime | None = None
) -> LastChange | None:
    if verdict is None:
        return None
    now = now or timezone.now()
    today = timezone.localdate(verdict.effective_at) == timezone.localdate(now)
    return LastChange(
        at=verdict.effective_at,
        from_answer=previous.answer if previous else None,
        from_state=previous.get_state_display() if previous else None,
        to_answer=verdict.answer,
        to_state=verdict.get_state_display(),
        reason=reason_line(verdict.reason) if previous else "",
        today=today,
        shown_until=_next_uk_midnight(now) if today and previous is None else None,
    )

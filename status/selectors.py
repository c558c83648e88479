"""What the status pages read, gathered once per request."""

from __future__ import annotations

from dataclasses import dataclass

from status.freshness import Freshness, freshness
from status.models import Check, Indicator, Verdict


@dataclass
class StatusNow:
    verdict: Verdict | None
    unchanged_since: object
    last_check: Check | None
    freshness: Freshness
    indicators: list[Indicator]


def status_now() -> StatusNow:
    verdict = Verdict.objects.current()
    last_check = Check.objects.newest()
    return StatusNow(
        verdict=verdict,
        unchanged_since=verdict.effective_at if verdict else None,
        last_check=last_check,
        freshness=freshness(last_check.checked_at if last_check else None),
        indicators=list(Indicator.objects.in_order()),
    )

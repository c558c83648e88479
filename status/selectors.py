"""What the status pages read, gathered once per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Subquery
from django.utils import timezone

from incidents.indicators import count_for
from news.selectors import prefetch_sources
from status.freshness import Freshness, freshness
from status.last_change import LastChange, last_change
from status.models import (
    Check,
    Indicator,
    IndicatorKind,
    IndicatorProposal,
    Proposal,
    ProposalStatus,
    StatusProposal,
    Verdict,
    VerdictProposal,
)
from status.translated import (
    ShownVerdict,
    indicators_in,
    shown_indicators,
    shown_pair,
    verdicts_in,
)
from translations.selectors import as_read_in_english


@dataclass
class StatusNow:
    # In a language other than English, ShownVerdicts: the text the reader is shown.
    verdict: Verdict | ShownVerdict | None
    unchanged_since: object
    freshness: Freshness
    indicators: list[Indicator]
    previous: Verdict | ShownVerdict | None = None
    change: LastChange | None = None
    language: str = settings.LANGUAGE_CODE

    @property
    def triggers(self) -> list[Indicator]:
        """What would change the answer: shown first, right under it."""
        return [i for i in self.indicators if i.kind == IndicatorKind.TRIGGER]

    @property
    def signals(self) -> list[Indicator]:
        """Watched for context: none of them changes the answer by itself."""
        return [i for i in self.indicators if i.kind != IndicatorKind.TRIGGER]

    @property
    def shown_until(self):
        """When the home page changes by the clock alone: staleness, or "today" ending."""
        moments = [self.freshness.shown_until, self.change.shown_until if self.change else None]
        return min(filter(None, moments), default=None)


def status_now(*, language: str = settings.LANGUAGE_CODE) -> StatusNow:
    # The verdict in force and the one it replaced, in one query (their translations
    # into `language` in the same SELECT): the answer box tells the story of the last change.
    # When the status was last checked rides on the same query (a scalar subquery).
    last_checked = Check.objects.latest_first().values("checked_at")[:1]
    newest = verdicts_in(
        Verdict.objects.newest_first().annotate(last_checked_at=Subquery(last_checked)),
        language=language,
    )[:2]
    verdict, previous = (list(newest) + [None, None])[:2]
    if verdict is not None:
        last_checked_at = verdict.last_checked_at
    else:
        last_check = Check.objects.newest()
        last_checked_at = last_check.checked_at if last_check else None
    # Their translations ride on the same query; the sources of all of them on one more.
    indicators = list(indicators_in(Indicator.objects.in_order(), language=language))
    prefetch_sources([verdict, previous, *indicators])
    if language != settings.LANGUAGE_CODE:
        verdict, previous = shown_pair(verdict, previous, language=language)
    else:
        as_read_in_english([v for v in (verdict, previous) if v is not None])
    return StatusNow(
        verdict=verdict,
        unchanged_since=verdict.effective_at if verdict else None,
        freshness=freshness(last_checked_at),
        indicators=shown_indicators(indicators, language=language),
        previous=previous,
        change=last_change(verdict, previous),
        language=language,
    )


def with_incident_counts(status: StatusNow, *, today: date) -> StatusNow:
    """Give each indicator that names an incident query its count (`indicator.incidents`),
    all in one query."""
    counts = count_for({i.pk: i.incident_query for i in status.indicators}, today=today)
    for indicator in status.indicators:
        indicator.incidents = counts.get(indicator.pk)
    return status


def next_midnight() -> datetime:
    """The start of tomorrow, UK time."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _source_payload(source) -> dict:
    return {
        "title": source.title,
        "url": source.url,
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "archived_url": source.archived_url or None,
    }


def status_payload(now: StatusNow | None = None) -> dict:
    """The public status as data: /api/status.json and webhook payloads share it."""
    now = now or status_now()
    verdict = now.verdict
    payload = {
        "verdict": verdict.state if verdict else None,
        "verdict_label": verdict.get_state_display() if verdict else None,
        "answer": verdict.answer if verdict else None,
        "headline": verdict.headline if verdict else None,
        "summary": verdict.summary if verdict else None,
        # Why it changed (None for the first verdict) and where readers can check it.
        "reason": (verdict.reason or None) if verdict else None,
        "sources": [_source_payload(s) for s in verdict.sources.all()] if verdict else [],
        "last_checked_at": _iso(now.freshness.last_checked_at),
        "changed_at": _iso(verdict.effective_at) if verdict else None,
        "stale": now.freshness.stale,
        "stale_after_seconds": int(settings.STATUS_STALE_AFTER.total_seconds()),
        "indicators": [
            {
                "key": i.key,
                "name": i.name,
                "kind": i.kind,
                "state": i.state,
                "label": i.state_label,
                "note": i.note,
                "updated_at": _iso(i.updated_at),
                # The day an editor last reviewed it against its sources (None: not yet).
                "accurate_as_of": i.accurate_as_of.isoformat() if i.accurate_as_of else None,
                "sources": [_source_payload(s) for s in i.sources.all()],
            }
            for i in now.indicators
        ],
        "url": f"{settings.SITE_URL}/",
    }
    if now.language == settings.LANGUAGE_CODE:
        return payload  # the English API is a machine contract: byte for byte as it was
    return _translated_payload(payload, now)


def _translated_payload(payload: dict, now: StatusNow) -> dict:
    """The same keys, the verdict's text in the reader's language or (while its
    translation is being updated) in English, and which of the two it is."""
    translation = now.verdict.translation if now.verdict else None
    code = now.language
    return payload | {
        "url": f"{settings.SITE_URL}/{code}/",
        "language": code,
        "translation": {
            "verdict": translation.state.value if translation else None,
            "verdict_language": translation.lang if translation else None,
            "updating_since": _iso(translation.updating_since) if translation else None,
        },
        # Each indicator says which language its texts are in (whole: all one or the other).
        "indicators": [
            data
            | {
                "language": shown.translation.lang,
                "updating_since": _iso(shown.translation.updating_since),
            }
            for data, shown in zip(payload["indicators"], now.indicators, strict=True)
        ],
    }


PROPOSALS = (StatusProposal, VerdictProposal, IndicatorProposal)


def _pending(model: type[Proposal]) -> models.QuerySet:
    """Pending proposals of `model`; a status change's parts go with it, never alone."""
    pending = model.objects.filter(status=ProposalStatus.PENDING)
    if model is IndicatorProposal:
        return pending.filter(part_of__isnull=True)
    if model is StatusProposal:
        return pending.prefetch_related("indicator_changes")
    return pending


def awaiting_approval_by(user) -> list[Proposal]:
    """Proposals `user` may decide now, oldest first: the dashboard shows them first."""
    found: list[Proposal] = []
    for model in PROPOSALS:
        if not user.has_perm(model.decide_permission):
            continue
        pending = _pending(model).exclude(proposed_by_id=user.pk)
        found += pending.select_related("proposed_by")[:50]
    return sorted(found, key=lambda p: p.proposed_at)


def proposed_by(user) -> list[Proposal]:
    """`user`'s own proposals still waiting for a second editor."""
    found: list[Proposal] = []
    for model in PROPOSALS:
        found += _pending(model).filter(proposed_by_id=user.pk)[:50]
    return sorted(found, key=lambda p: p.proposed_at)

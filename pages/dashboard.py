"""The "Needs attention" panel on the admin index: what the newsroom should look at now,
beginning with the proposals waiting for this editor's approval."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from audit.models import AuditEntry
from core.durations import describe_duration
from explainers.models import Explainer, ExplainerState
from news.models import Candidate, CandidateState, CuratedLink, Feed, LinkState
from news.relevance import threshold
from status.freshness import freshness
from status.models import Check
from status.selectors import awaiting_approval_by, proposed_by
from translations import backlog, registry
from translations.permissions import language_name, languages_of


def needs_attention(user: Any) -> dict:
    """The figures `user` may see: each part only for those who can open its page."""
    now = timezone.now()
    may = user.has_perm
    figures: dict[str, Any] = {}
    if may("status.view_verdictproposal") or may("status.view_indicatorproposal"):
        figures["awaiting_you"] = awaiting_approval_by(user)
        figures["yours_waiting"] = proposed_by(user)
    if may("status.view_check"):
        newest = Check.objects.newest()
        fresh = freshness(newest.checked_at if newest else None, now=now)
        figures |= {"check_age": fresh.age_in_words, "stale": fresh.stale}
    oldest = []
    if may("news.view_candidate"):
        relevant = Q(score__gte=threshold()) | Q(urgent=True)
        candidates = Candidate.objects.filter(state=CandidateState.PENDING).aggregate(
            n_urgent=Count("id", filter=Q(urgent=True)),
            n_relevant=Count("id", filter=relevant),
            oldest_relevant=Min("created_at", filter=relevant),
        )
        figures |= {
            "urgent_candidates": candidates["n_urgent"],
            "relevant_candidates": candidates["n_relevant"],
        }
        oldest.append(candidates["oldest_relevant"])
    if may("news.view_curatedlink"):
        links = CuratedLink.objects.filter(state=LinkState.PENDING).aggregate(
            count=Count("id"), oldest=Min("created_at")
        )
        figures["pending_links"] = links["count"]
        oldest.append(links["oldest"])
    if oldest:
        first = min(filter(None, oldest), default=None)
        figures["oldest_age"] = describe_duration(now - first) if first else None
    if may("news.view_feed"):
        failing = Feed.objects.failing().order_by("-consecutive_failures")[:10]
        figures["failing_feeds"] = list(failing)
    if may("explainers.view_explainer"):
        figures["scheduled"] = list(
            Explainer.objects.filter(state=ExplainerState.PUBLISHED, publish_at__gt=now)
            .order_by("publish_at")
            .only("id", "title", "publish_at")[:10]
        )
    figures |= translation_lag(user, now=now)
    # The whole log (sign-ins, rejections...) only for those who may read it.
    entries = (
        AuditEntry.objects.all() if may("audit.view_auditentry") else AuditEntry.objects.public()
    )
    figures["recent"] = list(entries.newest_first()[:10])
    return figures


def translation_lag(user: Any, *, now) -> dict:
    """Each language's lag (public anyway, on /translations/), and for a translator the
    translations awaiting their approval: another translator's, in their languages."""
    mine = languages_of(user)
    rows = [
        {
            "code": lag.language,
            "name": language_name(lag.language),
            "behind": len(lag.waiting),
            "oldest": lag.oldest,
            "for": describe_duration(now - lag.oldest) if lag.oldest else None,
            "unreviewed": len(lag.unreviewed),
            "yours": lag.language in mine,
        }
        for lag in backlog.lag()
    ]
    figures: dict[str, Any] = {"translation_lag": rows}
    if mine:
        figures["translations_awaiting_you"] = [
            s
            for s in backlog.pending(mine)
            if s.translated_by_id != user.pk or not registry.get(s.source_version.kind).four_eyes()
        ]
    return figures

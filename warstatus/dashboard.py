"""The "Needs attention" panel on the admin index: what the newsroom should look at now."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.utils import timezone

from explainers.models import Explainer, ExplainerState
from news.models import Candidate, CandidateState, CuratedLink, Feed, LinkState
from news.relevance import threshold
from status.freshness import describe_duration, freshness
from status.models import Check
from warstatus.audit.models import AuditEntry


def needs_attention() -> dict:
    now = timezone.now()
    newest = Check.objects.newest()
    fresh = freshness(newest.checked_at if newest else None, now=now)
    links = CuratedLink.objects.filter(state=LinkState.PENDING).aggregate(
        count=Count("id"), oldest=Min("created_at")
    )
    candidates = Candidate.objects.filter(state=CandidateState.PENDING).aggregate(
        n_urgent=Count("id", filter=Q(urgent=True)),
        n_relevant=Count("id", filter=Q(score__gte=threshold()) | Q(urgent=True)),
        oldest_relevant=Min("created_at", filter=Q(score__gte=threshold()) | Q(urgent=True)),
    )
    oldest = min((t for t in (links["oldest"], candidates["oldest_relevant"]) if t), default=None)
    return {
        "check_age": fresh.age_in_words,
        "stale": fresh.stale,
        "urgent_candidates": candidates["n_urgent"],
        "queue_size": links["count"] + candidates["n_relevant"],
        "oldest_age": describe_duration(now - oldest) if oldest else None,
        "failing_feeds": list(Feed.objects.failing().order_by("-consecutive_failures")[:10]),
        "scheduled": list(
            Explainer.objects.filter(state=ExplainerState.PUBLISHED, publish_at__gt=now)
            .order_by("publish_at")
            .only("id", "title", "publish_at")[:10]
        ),
        "recent": list(AuditEntry.objects.newest_first()[:10]),
    }

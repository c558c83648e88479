"""Tell moderators about links that have waited too long for review (once per link)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.durations import describe_duration
from news.models import CuratedLink
from notifications.services import notify_once


def remind_pending_links(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    cutoff = now - settings.PENDING_LINK_ALERT_AFTER
    sent = 0
    for link in CuratedLink.objects.queue().filter(created_at__lte=cutoff)[:50]:
        sent += bool(
            notify_once(
                event_key=f"pending-link:{link.pk}",
                groups=["Moderators"],
                subject=f"[warstatus] Waiting for review: {link.title[:100]}",
                body=(
                    f"“{link.title}” has waited {describe_duration(now - link.created_at)} "
                    f"for review.\nMissing: {', '.join(link.missing_for_publication) or 'nothing'}"
                    f"\n{settings.SITE_URL}{reverse('admin:news_curatedlink_change', args=[link.pk])}"
                ),
            )
        )
    return sent

"""How well announcements reached readers: counts for staff, and an alert when one is stuck.

Staff see each announcement's deliveries as delivered, pending, retrying or failed (the
admin's announcement pages). An announcement still not fully delivered
`DELIVERY_ALERT_AFTER` after its change is emailed to the editors, once.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.roles import EDITORS
from notifications.models import SentNotification
from notifications.services import notify_once
from subscriptions.models import Announcement, DeliveryState, EmailDelivery, WebhookDelivery

STATUSES = ("delivered", "pending", "retrying", "failed")
# Announcements this old are not looked at again (they were alerted about long before).
ALERT_HORIZON_EXTRA = 86400


def _unsettled(model) -> QuerySet:
    return model.objects.filter(announcement=OuterRef("pk"), state=DeliveryState.PENDING)


def _undelivered(model) -> QuerySet:
    return model.objects.filter(
        announcement=OuterRef("pk"), state__in=[DeliveryState.PENDING, DeliveryState.FAILED]
    )


# What each status means, as a condition on a delivery.
_RETRYING = Q(attempts__gt=0) | ~Q(last_error="")
CONDITIONS = {
    "delivered": Q(state=DeliveryState.DELIVERED),
    "pending": Q(state=DeliveryState.PENDING) & ~_RETRYING,
    "retrying": Q(state=DeliveryState.PENDING) & _RETRYING,
    "failed": Q(state=DeliveryState.FAILED),
}


def _count(model, condition: Q) -> Coalesce:
    rows = (
        model.objects.filter(condition, announcement=OuterRef("pk"))
        .order_by()
        .values("announcement")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(announcements: QuerySet) -> QuerySet:
    """Each announcement with its emails and posts counted by status (one query)."""
    return announcements.annotate(
        **{
            status: _count(EmailDelivery, condition) + _count(WebhookDelivery, condition)
            for status, condition in CONDITIONS.items()
        }
    )


def counts(announcement: Announcement) -> dict[str, int]:
    """Its emails and posts by status: delivered, pending, retrying and failed."""
    return with_counts(Announcement.objects.filter(pk=announcement.pk)).values(*STATUSES).get()


def settle_and_alert() -> None:
    now = timezone.now()
    Announcement.objects.filter(settled_at__isnull=True, fanned_out_at__isnull=False).exclude(
        Exists(_unsettled(EmailDelivery))
    ).exclude(Exists(_unsettled(WebhookDelivery))).update(settled_at=now)
    horizon = settings.DELIVERY_ALERT_AFTER + settings.DELIVERY_RETRY_WINDOW
    stuck = (
        Announcement.objects.filter(
            alerted_at__isnull=True,
            created_at__lte=now - settings.DELIVERY_ALERT_AFTER,
            created_at__gte=now - horizon - timedelta(seconds=ALERT_HORIZON_EXTRA),
        )
        .filter(
            Q(fanned_out_at__isnull=True)
            | Exists(_undelivered(EmailDelivery))
            | Exists(_undelivered(WebhookDelivery))
        )
        .select_related("entry")
    )
    for announcement in stuck:
        _alert(announcement)


def _alert(announcement: Announcement) -> None:
    key = f"announcement-undelivered:{announcement.pk}"
    tally = counts(announcement)
    reasons = sorted(
        {
            reason
            for model in (EmailDelivery, WebhookDelivery)
            for reason in model.objects.filter(announcement=announcement)
            .exclude(state__in=[DeliveryState.DELIVERED, DeliveryState.CANCELLED])
            .exclude(last_error="")
            .values_list("last_error", flat=True)[:20]
        }
    )[:5]
    page = reverse("admin:subscriptions_announcement_change", args=[announcement.pk])
    summary = announcement.entry.summary
    notify_once(
        event_key=key,
        groups=[EDITORS],
        subject=f"[warstatus] Not every reader has been told: {summary[:100]}",
        body=(
            f"The announcement of this change is still not fully delivered:\n{summary}\n\n"
            + ", ".join(f"{tally[s]} {s}" for s in STATUSES)
            + "\n\n"
            + (
                "Reasons given:\n" + "\n".join(f"- {r}" for r in reasons) + "\n\n"
                if reasons
                else ""
            )
            + "Pending and retrying deliveries keep being tried; failed ones can be resent "
            f"from the announcement's page:\n{settings.SITE_URL}{page}\n"
        ),
    )
    if SentNotification.objects.filter(event_key=key).exists():  # a failed send retries
        Announcement.objects.filter(pk=announcement.pk).update(alerted_at=timezone.now())

"""How well announcements and digests reached readers: counts for staff, and an alert
when one is stuck.

Staff see each announcement's deliveries (its emails and webhook posts) and each daily
digest's (its emails) as delivered, pending, retrying or failed (the admin's pages). One
still not fully delivered `DELIVERY_ALERT_AFTER` after it was written is emailed to the
editors, once.
"""

from __future__ import annotations

from datetime import timedelta
from functools import reduce
from operator import add

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.roles import EDITORS
from notifications.models import SentNotification
from notifications.services import notify_once
from subscriptions.models import (
    Announcement,
    DeliveryState,
    Digest,
    EmailDelivery,
    WebhookDelivery,
)

STATUSES = ("delivered", "pending", "retrying", "failed")
# Announcements this old are not looked at again (they were alerted about long before).
ALERT_HORIZON_EXTRA = 86400
# What is sent for each: the delivery models and the field that points back to it.
SENDS: dict[type[Model], tuple[str, tuple[type[Model], ...]]] = {
    Announcement: ("announcement", (EmailDelivery, WebhookDelivery)),
    Digest: ("digest", (EmailDelivery,)),
}


def _deliveries(model, parent: str, **match) -> QuerySet:
    return model.objects.filter(**{parent: OuterRef("pk")}, **match)


def _unsettled(model, parent: str) -> QuerySet:
    return _deliveries(model, parent, state=DeliveryState.PENDING)


def _undelivered(model, parent: str) -> QuerySet:
    return _deliveries(model, parent, state__in=[DeliveryState.PENDING, DeliveryState.FAILED])


# What each status means, as a condition on a delivery.
_RETRYING = Q(attempts__gt=0) | ~Q(last_error="")
CONDITIONS = {
    "delivered": Q(state=DeliveryState.DELIVERED),
    "pending": Q(state=DeliveryState.PENDING) & ~_RETRYING,
    "retrying": Q(state=DeliveryState.PENDING) & _RETRYING,
    "failed": Q(state=DeliveryState.FAILED),
}


def _count(model, parent: str, condition: Q) -> Coalesce:
    rows = (
        model.objects.filter(condition, **{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(rows: QuerySet) -> QuerySet:
    """Each announcement (or digest) with its emails and posts counted by status, in
    one query."""
    parent, models = SENDS[rows.model]
    return rows.annotate(
        **{
            status: reduce(add, (_count(model, parent, condition) for model in models))
            for status, condition in CONDITIONS.items()
        }
    )


def counts(sent: Announcement | Digest) -> dict[str, int]:
    """Its emails and posts by status: delivered, pending, retrying and failed."""
    return with_counts(type(sent).objects.filter(pk=sent.pk)).values(*STATUSES).get()


def settle_and_alert() -> None:
    for kind in SENDS:
        _settle_and_alert(kind)


def _settle_and_alert(kind: type[Announcement] | type[Digest]) -> None:
    now = timezone.now()
    parent, models = SENDS[kind]
    settled = kind.objects.filter(settled_at__isnull=True, fanned_out_at__isnull=False)
    for model in models:
        settled = settled.exclude(Exists(_unsettled(model, parent)))
    settled.update(settled_at=now)
    horizon = settings.DELIVERY_ALERT_AFTER + settings.DELIVERY_RETRY_WINDOW
    open_ = Q(fanned_out_at__isnull=True)
    for model in models:
        open_ |= Exists(_undelivered(model, parent))
    stuck = kind.objects.filter(
        open_,
        alerted_at__isnull=True,
        created_at__lte=now - settings.DELIVERY_ALERT_AFTER,
        created_at__gte=now - horizon - timedelta(seconds=ALERT_HORIZON_EXTRA),
    )
    if kind is Announcement:
        stuck = stuck.select_related("entry")
    for sent in stuck:
        _alert(sent)


def _alert(sent: Announcement | Digest) -> None:
    parent, models = SENDS[type(sent)]
    key = f"{parent}-undelivered:{sent.pk}"
    tally = counts(sent)
    reasons = sorted(
        {
            reason
            for model in models
            for reason in model.objects.filter(**{parent: sent})
            .exclude(state__in=[DeliveryState.DELIVERED, DeliveryState.CANCELLED])
            .exclude(last_error="")
            .values_list("last_error", flat=True)[:20]
        }
    )[:5]
    page = reverse(f"admin:subscriptions_{parent}_change", args=[sent.pk])
    if isinstance(sent, Digest):
        day = f"{sent.day:%-d %B %Y}"
        subject = f"Not every reader has had the daily digest of {day}"
        opening = f"The daily digest of {day} is still not fully delivered."
    else:
        summary = sent.entry.summary
        subject = f"Not every reader has been told: {summary[:100]}"
        opening = f"The announcement of this change is still not fully delivered:\n{summary}"
    notify_once(
        event_key=key,
        groups=[EDITORS],
        subject=f"[warstatus] {subject}",
        body=(
            f"{opening}\n\n"
            + ", ".join(f"{tally[s]} {s}" for s in STATUSES)
            + "\n\n"
            + (
                "Reasons given:\n" + "\n".join(f"- {r}" for r in reasons) + "\n\n"
                if reasons
                else ""
            )
            + "Pending and retrying deliveries keep being tried; failed ones can be resent "
            f"from the {sent._meta.verbose_name}'s page:\n{settings.SITE_URL}{page}\n"
        ),
    )
    if SentNotification.objects.filter(event_key=key).exists():  # a failed send retries
        type(sent).objects.filter(pk=sent.pk).update(alerted_at=timezone.now())

"""Readers told when the answer changes: email subscribers and webhook endpoints.

Nothing is stored about a subscriber but the address, its choices and timestamps.

An `Announcement` is the outbox: the intent to tell readers about one public change,
written in the transaction that records the change. Each reader's email and each
webhook's post is then a delivery of it, claimed by a worker for a lease and retried
until it is delivered or its retry window closes (`subscriptions/delivery.py`).

Notable updates that are not about the status (links, explainers, FAQ, incidents) are
no reader's email of their own: a `Digest` gathers those not yet in one, once a day
(`subscriptions/digest.py`), and each reader's copy is an email delivery of the digest,
sent, retried and resent exactly as an announcement's are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.url_rules import clean_url_field


def latest_announcement_id() -> int:
    """The newest announcement's id (0 before the first): a reader or webhook becoming
    active now hears only of announcements with a larger id.

    An id, not a time: ids only grow, so the comparison holds whatever the clocks of
    the web servers and workers say and however late the outbox is fanned out. An
    announcement whose change committed after this read always has a larger id.
    """
    return Announcement.objects.aggregate(latest=models.Max("id"))["latest"] or 0


def _hears_after() -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(
        default=latest_announcement_id,
        editable=False,
        help_text="Hears only of announcements with a larger id: none from before it was active.",
    )


class Subscriber(models.Model):
    email = models.EmailField(unique=True)
    changelog_too = models.BooleanField(
        default=False, help_text="Also notable changelog entries, not only verdict changes."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Moved on whenever the reader becomes active (confirms, or comes back).
    hears_after = _hears_after()
    # The language of their emails and links: the page they subscribed on (/pl/...),
    # changeable from any email's unsubscribe page. A code of settings.LANGUAGES, checked
    # by the services, not `choices`: adding a language needs no migration.
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"], name="sub_active")]

    def __str__(self) -> str:
        return self.email

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Webhook(models.Model):
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, help_text="Shared secret for the HMAC signature.")
    active = models.BooleanField(default=True)
    changelog_too = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on whenever staff switch it back on.
    hears_after = _hears_after()

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        # Refused now, with a sentence, rather than at every delivery.
        clean_url_field("url", self.url)


class Digest(models.Model):
    """One day's notable updates, told to each reader who wants them in one email.

    Written once per day (the unique `day`), by the first beat run after DIGEST_TIME;
    a day with nothing new has a digest too, with no updates and no deliveries, so
    an update published later that day waits for the next day's.
    """

    # The UK day whose DIGEST_TIME it was written for.
    day = models.DateField(unique=True)
    due_at = models.DateTimeField(help_text="When it was due: DIGEST_TIME that day.")
    created_at = models.DateTimeField(default=timezone.now)
    # How many announcements it gathered (0: nothing notable, nobody is emailed).
    updates = models.PositiveIntegerField(default=0)
    # As an announcement's: deliveries written, nothing left pending, staff alerted.
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = "daily digest"
        verbose_name_plural = "daily digests"

    def __str__(self) -> str:
        return f"Daily digest of {self.day:%-d %B %Y}"


class Announcement(models.Model):
    """One public change to tell readers about: the row commits with the change."""

    # No database constraint, as the audit log's own links: its table takes no foreign
    # key from the apps that listen to it (and refuses deletes by itself).
    entry = models.OneToOneField(
        "audit.AuditEntry",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # "verdict_changed" or "changelog_entry": who hears of it.
    event = models.CharField(max_length=40)
    # Readers hear of it in the daily digest, not by an email of its own (webhooks are
    # posted at once either way); decided with the change (outbox.record_announcement).
    for_digest = models.BooleanField(default=False)
    # The digest that told readers, once one has gathered it.
    digest = models.ForeignKey(
        Digest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    # Taken with the change, so a post made later still describes this change.
    webhook_payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When its deliveries were written (one per reader and webhook listening then).
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    # When nothing was left pending; cleared by a resend.
    settled_at = models.DateTimeField(null=True, blank=True)
    # When staff were told it was still not fully delivered.
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        permissions = [("resend_announcement", "Can resend an announcement's failed deliveries")]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(fanned_out_at__isnull=True), name="announcement_to_fan"
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(settled_at__isnull=True),
                name="announcement_open",
            ),
            models.Index(
                fields=["id"],
                condition=Q(for_digest=True, digest__isnull=True),
                name="announcement_to_digest",
            ),
        ]

    def __str__(self) -> str:
        return self.entry.summary if self.entry_id else f"Announcement {self.pk}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "pending"  # due now, later (retrying), or being sent under a lease
    DELIVERED = "delivered", "delivered"
    FAILED = "failed", "failed"
    # The reader unsubscribed, or the webhook was switched off, before it went out.
    CANCELLED = "cancelled", "not needed"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now) -> DeliveryQuerySet:
        """Pending, due, and held by no worker (a lapsed lease counts as none)."""
        return self.filter(state=DeliveryState.PENDING, due_at__lte=now).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lte=now)
        )


class Delivery(models.Model):
    """One announcement to one recipient: claimed for a lease, done only once accepted."""

    state = models.CharField(
        max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)
    # A worker holds it until then; a worker that died lets it lapse.
    lease_until = models.DateTimeField(null=True, blank=True)
    # Past this, a failure is final (DELIVERY_RETRY_WINDOW after it was written or resent).
    give_up_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-id"]

    @property
    def status(self) -> str:
        """What staff see: delivered, failed, not needed, sending, retrying or pending."""
        if self.state != DeliveryState.PENDING:
            return self.get_state_display()
        if self.lease_until and self.lease_until > timezone.now():
            return "sending"
        return "retrying" if self.attempts or self.last_error else "pending"


class EmailDelivery(Delivery):
    """One reader's email: about one announcement, or one day's digest (never both)."""

    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "subscriber"], name="one_email_per_announcement"
            ),
            models.UniqueConstraint(fields=["digest", "subscriber"], name="one_email_per_digest"),
            models.CheckConstraint(
                condition=Q(announcement__isnull=False, digest__isnull=True)
                | Q(announcement__isnull=True, digest__isnull=False),
                name="email_of_announcement_or_digest",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="email_due")]

    def __str__(self) -> str:
        about = (
            f"digest {self.digest_id}" if self.digest_id else f"announcement {self.announcement_id}"
        )
        return f"{about} → subscriber {self.subscriber_id}"


class WebhookDelivery(Delivery):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="posts")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True)

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "webhook"], name="one_post_per_announcement"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"announcement {self.announcement_id} → {self.webhook}"

"""Readers told when the answer changes: email subscribers and webhook endpoints.

Nothing is stored about a subscriber but the address, its choices and timestamps.
"""

from django.core.exceptions import ValidationError
from django.db import models

from core.url_rules import validate_fetchable_url


class Subscriber(models.Model):
    email = models.EmailField(unique=True)
    changelog_too = models.BooleanField(
        default=False, help_text="Also notable changelog entries, not only verdict changes."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"], name="sub_active")]

    def __str__(self) -> str:
        return self.email

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class EmailDelivery(models.Model):
    """One row per (subscriber, event): the unique pair means never twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=80)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "event"], name="one_email_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event} → subscriber {self.subscriber_id}"


class Webhook(models.Model):
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, help_text="Shared secret for the HMAC signature.")
    active = models.BooleanField(default=True)
    changelog_too = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        # Refused now, with a sentence, rather than at every delivery.
        try:
            validate_fetchable_url(self.url)
        except ValidationError as refusal:
            raise ValidationError({"url": refusal.messages}) from None


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=80)
    payload = models.JSONField()
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="one_delivery_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"

"""Who wants staff emails, and which events have already been sent (once each)."""

from django.conf import settings
from django.db import models


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_opt_out = models.BooleanField(
        default=False, help_text="Send me no newsroom emails (urgent headlines, stale status, …)."
    )
    superuser_opt_in = models.BooleanField(
        default=False, help_text="Superusers: also send me the emails of every role."
    )

    def __str__(self) -> str:
        return f"Notification preference of {self.user}"


class SentNotification(models.Model):
    """One row per event: the unique key is what makes each email go out once."""

    event_key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=250)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.event_key

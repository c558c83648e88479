"""Existing deliveries become deliveries of an announcement (one per event they named).

Those sent are done; the others are due again, until DELIVERY_RETRY_WINDOW after the
change they announce (older ones fail at once, visibly, and staff may resend them).
Announcements made up this way are not fanned out again (whoever was not emailed then
is not emailed about an old change now) and raise no staff alert.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Action.VERDICT_CHANGED, and the webhook event it makes, as they are today.
VERDICT_CHANGED = "verdict_changed"
TOO_OLD = (
    "Not sent before the upgrade, and older than DELIVERY_RETRY_WINDOW by then: "
    "resend it if it still matters."
)


def to_announcements(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Announcement = apps.get_model("subscriptions", "Announcement")
    EmailDelivery = apps.get_model("subscriptions", "EmailDelivery")
    WebhookDelivery = apps.get_model("subscriptions", "WebhookDelivery")
    now = django.utils.timezone.now()
    window = settings.DELIVERY_RETRY_WINDOW
    events = set(EmailDelivery.objects.values_list("event", flat=True))
    events |= set(WebhookDelivery.objects.values_list("event", flat=True))
    for event in sorted(events):
        entry_id = event.removeprefix("entry-")
        entry = AuditEntry.objects.filter(pk=entry_id).first() if entry_id.isdigit() else None
        if entry is None:  # nothing left to say what it announced
            EmailDelivery.objects.filter(event=event).delete()
            WebhookDelivery.objects.filter(event=event).delete()
            continue
        payload = (
            WebhookDelivery.objects.filter(event=event).values_list("payload", flat=True).first()
        )
        announcement = Announcement.objects.create(
            entry=entry,
            event=(payload or {}).get("event")
            or (VERDICT_CHANGED if entry.action == VERDICT_CHANGED else "changelog_entry"),
            webhook_payload=payload or {},
            created_at=entry.created_at,
            fanned_out_at=now,
            alerted_at=now,
        )
        give_up_at = entry.created_at + window
        for model in (EmailDelivery, WebhookDelivery):
            rows = model.objects.filter(event=event)
            rows.update(announcement=announcement, give_up_at=give_up_at, created_at=entry.created_at)
            rows.filter(delivered_at__isnull=False).update(state="delivered")
            if give_up_at <= now:
                rows.filter(delivered_at__isnull=True).update(
                    state="failed", failed_at=now, last_error=TOO_OLD
                )
        WebhookDelivery.objects.filter(announcement=announcement, state="pending").update(
            last_error=models.F("last_response")
        )
        if not (
            EmailDelivery.objects.filter(announcement=announcement, state="pending").exists()
            or WebhookDelivery.objects.filter(announcement=announcement, state="pending").exists()
        ):
            Announcement.objects.filter(pk=announcement.pk).update(settled_at=now)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("subscriptions", "0002_outbox_and_leased_deliveries"),
    ]

    operations = [migrations.RunPython(to_announcements, migrations.RunPython.noop)]

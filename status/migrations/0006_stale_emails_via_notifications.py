"""Stale-status emails are sent through the notifications app (a failed send is
retried); the periods already emailed move there so none is emailed twice."""

from django.db import migrations


def move_sent_periods(apps, schema_editor):
    StaleNotice = apps.get_model("status", "StaleNotice")
    SentNotification = apps.get_model("notifications", "SentNotification")
    for notice in StaleNotice.objects.all():
        SentNotification.objects.get_or_create(
            event_key=f"status-stale:{notice.period}",
            defaults={"subject": "[warstatus] The status is stale",
                      "recipients": notice.recipients},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("status", "0005_proposal_replaces"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_sent_periods, migrations.RunPython.noop),
        migrations.DeleteModel(name="StaleNotice"),
    ]

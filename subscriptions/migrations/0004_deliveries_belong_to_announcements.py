"""Every delivery now belongs to an announcement (0003 filled them in): one per recipient."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("subscriptions", "0003_existing_deliveries_to_announcements"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="emaildelivery", name="one_email_per_event"),
        migrations.RemoveConstraint(model_name="webhookdelivery", name="one_delivery_per_event"),
        migrations.RemoveField(model_name="emaildelivery", name="event"),
        migrations.RemoveField(model_name="webhookdelivery", name="event"),
        migrations.RemoveField(model_name="webhookdelivery", name="payload"),
        migrations.AlterField(
            model_name="emaildelivery",
            name="announcement",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="emails", to="subscriptions.announcement"),
        ),
        migrations.AlterField(
            model_name="webhookdelivery",
            name="announcement",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="posts", to="subscriptions.announcement"),
        ),
        migrations.AlterField(model_name="emaildelivery", name="give_up_at", field=models.DateTimeField()),
        migrations.AlterField(model_name="webhookdelivery", name="give_up_at", field=models.DateTimeField()),
        migrations.AlterModelOptions(name="emaildelivery", options={"ordering": ["-id"]}),
        migrations.AddConstraint(
            model_name="emaildelivery",
            constraint=models.UniqueConstraint(fields=("announcement", "subscriber"), name="one_email_per_announcement"),
        ),
        migrations.AddConstraint(
            model_name="webhookdelivery",
            constraint=models.UniqueConstraint(fields=("announcement", "webhook"), name="one_post_per_announcement"),
        ),
        migrations.AddIndex(model_name="emaildelivery", index=models.Index(fields=["state", "due_at"], name="email_due")),
        migrations.AddIndex(model_name="webhookdelivery", index=models.Index(fields=["state", "due_at"], name="webhook_due")),
    ]

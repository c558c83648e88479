"""The outbox and leased deliveries: each announcement a row, each recipient a delivery.

The new columns first; 0003 turns existing rows into announcements and 0004 makes
every delivery belong to one (a separate migration each: PostgreSQL won't add the
foreign keys' indexes in the transaction that filled them).
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("subscriptions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Announcement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("event", models.CharField(max_length=40)),
                ("webhook_payload", models.JSONField(default=dict)),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("fanned_out_at", models.DateTimeField(blank=True, null=True)),
                ("settled_at", models.DateTimeField(blank=True, null=True)),
                ("alerted_at", models.DateTimeField(blank=True, null=True)),
                ("entry", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="audit.auditentry")),
            ],
            options={
                "ordering": ["-id"],
                "permissions": [("resend_announcement", "Can resend an announcement's failed deliveries")],
                "indexes": [
                    models.Index(condition=models.Q(("fanned_out_at__isnull", True)), fields=["id"], name="announcement_to_fan"),
                    models.Index(condition=models.Q(("settled_at__isnull", True)), fields=["created_at"], name="announcement_open"),
                ],
            },
        ),
        migrations.RenameField(model_name="emaildelivery", old_name="sent_at", new_name="delivered_at"),
        migrations.AlterField(
            model_name="webhookdelivery", name="attempts", field=models.PositiveIntegerField(default=0)
        ),
    ] + [
        operation
        for model, related_name in (("emaildelivery", "emails"), ("webhookdelivery", "posts"))
        for operation in (
            migrations.AddField(
                model_name=model,
                name="announcement",
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name=related_name, to="subscriptions.announcement"),
            ),
            migrations.AddField(
                model_name=model,
                name="state",
                field=models.CharField(choices=[("pending", "pending"), ("delivered", "delivered"), ("failed", "failed"), ("cancelled", "not needed")], default="pending", max_length=16),
            ),
            migrations.AddField(model_name=model, name="created_at", field=models.DateTimeField(default=django.utils.timezone.now)),
            migrations.AddField(model_name=model, name="due_at", field=models.DateTimeField(default=django.utils.timezone.now)),
            migrations.AddField(model_name=model, name="lease_until", field=models.DateTimeField(blank=True, null=True)),
            migrations.AddField(model_name=model, name="give_up_at", field=models.DateTimeField(null=True)),
            migrations.AddField(model_name=model, name="failed_at", field=models.DateTimeField(blank=True, null=True)),
            migrations.AddField(model_name=model, name="last_error", field=models.TextField(blank=True)),
        )
    ] + [
        migrations.AddField(model_name="emaildelivery", name="attempts", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="emaildelivery", name="last_attempt_at", field=models.DateTimeField(blank=True, null=True)),
    ]

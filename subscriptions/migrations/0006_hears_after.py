"""Readers and webhooks hear only of announcements written after they became active.

Those already subscribed keep hearing of everything (0): they were listening when
whatever is still in the outbox happened. Each one made from now on starts at the
newest announcement's id.
"""

from django.db import migrations, models

import subscriptions.models


def _field(default):
    return models.PositiveBigIntegerField(
        default=default,
        editable=False,
        help_text="Hears only of announcements with a larger id: none from before it was active.",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("subscriptions", "0005_daily_digest"),
    ]

    operations = [
        migrations.AddField(model_name="subscriber", name="hears_after", field=_field(0)),
        migrations.AddField(model_name="webhook", name="hears_after", field=_field(0)),
        migrations.AlterField(
            model_name="subscriber",
            name="hears_after",
            field=_field(subscriptions.models.latest_announcement_id),
        ),
        migrations.AlterField(
            model_name="webhook",
            name="hears_after",
            field=_field(subscriptions.models.latest_announcement_id),
        ),
    ]

"""The reader's page: a verdict says what would change it (outlook), an indicator says
whether it is a trigger (changes the answer) or a signal (context), and a source may be
named and dated without a link.

Existing rows are brought along: the two launch triggers become triggers, and every
verdict gets the forward-looking sentence the home page template used to show under it.
"""

import status.models
from django.db import migrations, models

LAUNCH_TRIGGERS = ["article-5", "declaration-of-war"]
# What templates/status/home.html printed under every verdict until this migration.
OUTLOOK = (
    "If a material change occurs (for example a formal invocation of Article 5 or an "
    "official declaration of war by a NATO member), we will update this page and explain why."
)


def bring_rows_along(apps, schema_editor):
    Indicator = apps.get_model("status", "Indicator")
    Verdict = apps.get_model("status", "Verdict")
    Indicator.objects.filter(key__in=LAUNCH_TRIGGERS).update(kind="trigger")
    Verdict.objects.filter(outlook="").update(outlook=OUTLOOK)


class Migration(migrations.Migration):
    dependencies = [
        ("status", "0008_indicator_proposal"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="kind",
            field=models.CharField(
                choices=[
                    ("trigger", "Trigger: would change the answer"),
                    ("signal", "Signal: watched, does not change the answer by itself"),
                ],
                default="signal",
                help_text="Triggers are listed first, as what would change the answer; "
                "signals below them, as context.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="outlook",
            field=models.TextField(
                blank=True,
                default="",
                help_text="What would change the answer and what we would do then: shown "
                "under the summary. Leave empty to show nothing.",
            ),
        ),
        migrations.AddField(
            model_name="verdictproposal",
            name="outlook",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="sources",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text='A list of {"title": ..., "url": ...} or {"title": ..., "date": ...}.',
                validators=[status.models.validate_sources],
            ),
        ),
        migrations.RunPython(bring_rows_along, migrations.RunPython.noop),
    ]

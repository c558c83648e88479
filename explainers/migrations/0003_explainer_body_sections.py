"""Explainers' bodies in sections, so each section is translated apart (issue 36).

Existing pages get theirs from the body and HTML already stored; each section's English
counts as live since the page was last edited."""

from django.db import migrations, models


def split_existing(apps, schema_editor):
    # The splitter is pure text in, text out: the same one the service uses.
    from explainers.sections import body_sections

    Explainer = apps.get_model("explainers", "Explainer")
    for explainer in Explainer.objects.only("pk", "body", "body_html", "updated_at"):
        explainer.body_sections = body_sections(
            explainer.body, explainer.body_html, previous=[], now=explainer.updated_at
        )
        explainer.save(update_fields=["body_sections"])


class Migration(migrations.Migration):
    dependencies = [
        ("explainers", "0002_accurate_as_of"),
    ]

    operations = [
        migrations.AddField(
            model_name="explainer",
            name="body_sections",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(split_existing, migrations.RunPython.noop),
    ]

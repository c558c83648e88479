"""Outlets get a standing (primary, reputable, other, known disinformation) in place of the
`reputable` flag; sources of public claims become records of their own (news.Source).

Reversible: going back, an outlet is reputable when its standing is primary or reputable
(the distinction between primary and reputable, and the disinformation mark, are lost).
"""

import django.db.models.deletion
from django.db import migrations, models


def standing_from_flag(apps, schema_editor):
    Outlet = apps.get_model("news", "Outlet")
    Outlet.objects.filter(reputable=True).update(standing="reputable")
    Outlet.objects.filter(reputable=False).update(standing="other")


def flag_from_standing(apps, schema_editor):
    Outlet = apps.get_model("news", "Outlet")
    Outlet.objects.filter(standing__in=["primary", "reputable"]).update(reputable=True)
    Outlet.objects.exclude(standing__in=["primary", "reputable"]).update(reputable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0006_curatedlink_reference"),
    ]

    operations = [
        migrations.AddField(
            model_name="outlet",
            name="standing",
            field=models.CharField(
                choices=[
                    ("primary", "Primary source (NATO, a government, a parliament, a court)"),
                    ("reputable", "Reputable outlet"),
                    ("other", "Other (not cited as a source)"),
                    ("disinformation", "Known disinformation"),
                ],
                default="reputable",
                help_text="Primary sources and reputable outlets may be cited for a public "
                "claim; known disinformation is refused and flagged in the inbox.",
                max_length=16,
            ),
        ),
        migrations.RunPython(standing_from_flag, flag_from_standing),
        migrations.RemoveField(model_name="outlet", name="reputable"),
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "url",
                    models.CharField(
                        help_text="The page readers can open.",
                        max_length=1000,
                        verbose_name="address",
                    ),
                ),
                (
                    "title",
                    models.CharField(help_text="What readers see as the link.", max_length=300),
                ),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="published")),
                (
                    "archived_url",
                    models.CharField(
                        blank=True,
                        help_text="Optional: a copy in a web archive, in case the page changes "
                        "or goes.",
                        max_length=1000,
                        verbose_name="archived copy",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "outlet",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sources",
                        to="news.outlet",
                    ),
                ),
            ],
            options={
                "ordering": ["order", "id"],
                "indexes": [
                    models.Index(fields=["content_type", "object_id"], name="source_claim")
                ],
            },
        ),
    ]

"""Indicator sources move from a JSON list on the indicator to news.Source records.

Each {"title", "url"} becomes a record, its outlet found from the address's domain as
news.outlets does. A source without an address ({"title", "date"}) cannot be opened and
is not a source under the publishing rule: it is kept as text in the indicator's note
(", according to <title> (<date>)") so nothing an editor wrote is lost. Reversible: going
back rebuilds each list from the records (the notes keep what was added to them).
"""

from urllib.parse import urlsplit

from django.db import migrations, models


def _outlet_for(Outlet, url):
    host = (urlsplit(url).hostname or "").rstrip(".").lower().removeprefix("www.")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = ".".join(parts[i:])
        outlet = Outlet.objects.filter(domain__in=[name, f"www.{name}"]).first()
        if outlet is not None:
            return outlet
    return None


def _content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="status", model="indicator")[0]


def to_records(apps, schema_editor):
    Indicator = apps.get_model("status", "Indicator")
    Source = apps.get_model("news", "Source")
    Outlet = apps.get_model("news", "Outlet")
    indicators = list(Indicator.objects.all())
    if not indicators:
        return
    content_type = _content_type(apps)
    for indicator in indicators:
        unlinked = []
        for order, item in enumerate(indicator.sources or []):
            url = (item.get("url") or "").strip()
            title = (item.get("title") or "").strip()
            if not url:
                unlinked.append(f"{title} ({item.get('date')})" if item.get("date") else title)
                continue
            Source.objects.create(
                content_type=content_type,
                object_id=indicator.pk,
                url=url,
                title=title[:300] or url[:300],
                outlet=_outlet_for(Outlet, url),
                order=order,
            )
        if unlinked:
            indicator.note = f"{indicator.note} (According to {'; '.join(unlinked)}.)"
            indicator.save(update_fields=["note"])


def to_json(apps, schema_editor):
    Indicator = apps.get_model("status", "Indicator")
    Source = apps.get_model("news", "Source")
    content_type = _content_type(apps)
    for indicator in Indicator.objects.all():
        rows = Source.objects.filter(content_type=content_type, object_id=indicator.pk)
        indicator.sources = [
            {"title": s.title, "url": s.url} for s in rows.order_by("order", "id")
        ]
        indicator.save(update_fields=["sources"])
        rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0007_outlet_standing_and_sources"),
        ("status", "0009_reader_page_fields"),
    ]

    operations = [
        migrations.RunPython(to_records, to_json),
        migrations.RemoveField(model_name="indicator", name="sources"),
    ]

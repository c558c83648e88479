"""`manage.py store_incident_csv`: store afresh every incident's row of the CSV download
that was written another way (a new label, a new SITE_URL) or never. Run after `migrate`
on deploy; until then the download writes those rows as it reads them, correct but
slower."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from incidents.csv_cells import csv_format
from incidents.models import Incident
from incidents.services import store_csv_rows

BATCH = 2000


class Command(BaseCommand):
    help = "Store afresh the CSV rows of incidents written under another format."

    def handle(self, *args: Any, **options: Any) -> None:
        current = csv_format()
        stale = Incident.objects.exclude(csv_format=current).order_by("pk")
        stored, last = 0, 0
        while ids := list(stale.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH]):
            stored += store_csv_rows(ids=ids)
            last = ids[-1]
        if options["verbosity"]:
            self.stdout.write(f"Stored the CSV rows of {stored} incidents.")

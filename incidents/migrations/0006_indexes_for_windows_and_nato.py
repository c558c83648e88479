"""Indexes for the home page's incident counts (issue 34), which read the last 90 days.

`incident_going_on`: published incidents by their last day (their first when they have
no end), the date filters' "going on in the range", then category. `incident_country_nato`:
whether an incident happened in a NATO member country, asked of each windowed incident.
"""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_denied_and_year_precision")]

    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                models.F("state"),
                django.db.models.functions.comparison.Coalesce("ended_on", "started_on"),
                models.F("category"),
                name="incident_going_on",
            ),
        ),
        migrations.AddIndex(
            model_name="incidentcountry",
            index=models.Index(
                condition=models.Q(("nato_member", True)),
                fields=["incident"],
                name="incident_country_nato",
            ),
        ),
    ]

"""The launch incidents: from the seed reporting, sourced, attributed and loaded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from incidents import services
from incidents.models import Incident, IncidentState

pytestmark = pytest.mark.django_db


def test_the_launch_content_records_the_drones_over_poland_with_named_dated_sources(client):
    call_command("load_launch_content", verbosity=0)
    incident = Incident.objects.get()
    assert incident.state == IncidentState.PUBLISHED
    assert incident.when == "September 2025"
    assert list(incident.countries.values_list("code", "nato_member")) == [("PL", True)]
    assert incident.responses == ["article_4_requested"]
    sources = list(incident.sources.order_by("id"))
    assert sources[0].link is not None and sources[0].publisher == "Kyiv Independent"
    assert (sources[1].publisher, str(sources[1].published_on)) == ("NATO", "2025-09-23")
    attribution = incident.attributions.get()
    assert (attribution.by_name, attribution.to_state, attribution.confidence) == (
        "NATO",
        "RU",
        "official",
    )
    page = client.get(f"/incidents/{incident.pk}/").text
    assert "More than 20 Russian drones" in page
    assert "Is NATO already at war with Russia? It depends who you ask" in page


def test_loading_the_launch_content_again_adds_no_incident_even_after_a_correction():
    call_command("load_launch_content", verbosity=0)
    incident = Incident.objects.get()
    services.save_incident(
        user=None, incident=incident, reason="A clearer title.", title="Drones over Poland"
    )
    out = StringIO()
    call_command("load_launch_content", stdout=out)
    assert "incidents: nothing new" in out.getvalue()
    assert Incident.objects.count() == 1

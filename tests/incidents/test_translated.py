"""Incident accounts in the reader's language: shown while the translation translates the
English as it reads now; a correction sends the account back to English, with the line."""

from __future__ import annotations

import pytest

from incidents import services
from incidents.translated import INCIDENT
from tests.factories import make_user
from tests.incidents.factories import make_incident
from translations import services as translations
from translations.apps import translator_role
from translations.models import SourceVersion

pytestmark = pytest.mark.django_db

# The "being updated" line in Polish, up to where the date goes in.
LINE = "Tłumaczenie jest aktualizowane (od "


def _translate_into_polish(incident) -> None:
    source = SourceVersion.objects.filter(kind=INCIDENT, object_id=incident.pk).latest("version")
    translations.submit_translation(
        user=make_user("ola", role=translator_role("pl")),
        kind=INCIDENT,
        object_id=incident.pk,
        language="pl",
        texts={
            "title": "Drony nad Polską",
            "account": "Kilka dronów przekroczyło granicę i zostało zestrzelonych.",
        },
        seen_version=source.version,
    )


def test_a_corrected_incident_shows_english_with_the_line_until_translated_anew(client):
    incident = make_incident()
    _translate_into_polish(incident)
    detail = client.get(f"/pl/incidents/{incident.pk}/").content.decode()
    assert "<h1>Drony nad Polską</h1>" in detail and LINE not in detail
    listing = client.get("/pl/incidents/").content.decode()
    assert "Drony nad Polską" in listing
    incident.refresh_from_db()
    services.save_incident(
        user=None,
        reason="Corrected: the drones were not all shot down.",
        incident=incident,
        expected_version=incident.version,
        account="Several drones crossed the border; some were shot down.",
    )
    detail = client.get(f"/pl/incidents/{incident.pk}/").content.decode()
    assert LINE in detail and "Drony nad Polską" not in detail
    assert '<h1 lang="en-GB">Drones cross into Poland</h1>' in detail
    assert "some were shot down." in detail
    listing = client.get("/pl/incidents/").content.decode()
    assert 'lang="en-GB"><a href=' in listing and "Drony nad Polską" not in listing

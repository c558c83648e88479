"""Editors record incidents in the admin; every form goes through the services."""

from datetime import date

import pytest

from audit.models import AuditEntry
from incidents.models import Attribution, Correction, Incident, IncidentState, Source
from tests.incidents.factories import make_draft, make_incident, reputable_link

pytestmark = pytest.mark.django_db


def _incident_form(**overrides) -> dict:
    return {
        "title": "Drones over Rzeszów airport",
        "account": "Drones were seen over the airport; flights were held.",
        "started_on": "2025-09-12",
        "ended_on": "",
        "precision": "day",
        "countries": ["PL"],
        "place": "Rzeszów",
        "latitude": "50.11",
        "longitude": "22.02",
        "category": "drone_sighting",
        "target": "transport",
        "responses": ["airports_closed"],
        "killed": "",
        "injured": "",
        "damage": "",
        "reason": "Reported by the airport.",
        **overrides,
    }


def test_an_editor_records_sources_and_publishes_an_incident_in_the_admin(editor_client):
    response = editor_client.post("/admin/incidents/incident/add/", _incident_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get()
    assert incident.responses == ["airports_closed"]
    change = editor_client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert f"/admin/incidents/source/add/?incident={incident.pk}" in change
    assert f"/admin/incidents/incident/{incident.pk}/publish/" in change

    refused = editor_client.post(
        f"/admin/incidents/incident/{incident.pk}/publish/", {"reason": "Go."}
    )
    assert "Add at least one source before publishing" in refused.content.decode()
    form = editor_client.get(
        f"/admin/incidents/source/add/?incident={incident.pk}"
    ).content.decode()
    assert f'<option value="{incident.pk}" selected>' in form
    added = editor_client.post(
        "/admin/incidents/source/add/",
        {
            "incident": incident.pk,
            "publisher": "Rzeszów airport",
            "title": "Notice to passengers",
            "published_on": "2025-09-12",
            "reason": "The airport's own notice.",
        },
    )
    assert added.status_code == 302
    assert added["Location"] == f"/admin/incidents/incident/{incident.pk}/change/"
    # A named source readers cannot open is not enough: the refusal says why.
    refused = editor_client.post(
        f"/admin/incidents/incident/{incident.pk}/publish/", {"reason": "Sourced."}
    ).content.decode()
    assert "cannot be published: it has no source" in refused
    editor_client.post(
        "/admin/incidents/source/add/",
        {"incident": incident.pk, "link": reputable_link().pk, "reason": "The report."},
    )
    published = editor_client.post(
        f"/admin/incidents/incident/{incident.pk}/publish/", {"reason": "Sourced."}, follow=True
    )
    incident.refresh_from_db()
    assert incident.state == IncidentState.PUBLISHED
    # The confirmation on the page the editor lands on: the incident's own admin page,
    # not the public page (which shows no admin messages).
    assert published.redirect_chain == [(f"/admin/incidents/incident/{incident.pk}/change/", 302)]
    assert (
        f"Published: “Drones over Rzeszów airport”. Readers see it at "
        f'<a href="/incidents/{incident.pk}/">/incidents/{incident.pk}/</a>.'
    ) in published.content.decode()


def test_bad_input_in_the_admin_is_a_sentence_beside_the_field_and_saves_nothing(editor_client):
    response = editor_client.post(
        "/admin/incidents/incident/add/",
        _incident_form(
            started_on="2025-09-12",
            ended_on="2025-09-01",
            latitude="40.7",
            longitude="-74.0",
            countries=["PL"],
            reason="",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date." in page
    assert "are outside Europe" in page
    assert "This field is required." in page  # the reason
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.onstage().exists()  # a sign-in, nothing more


def test_a_source_without_a_link_needs_a_name_and_a_date_in_the_admin(editor_client):
    incident = make_draft()
    response = editor_client.post(
        "/admin/incidents/source/add/",
        {"incident": incident.pk, "title": "A report", "reason": "r"},
    )
    page = response.content.decode()
    assert "Name who published it" in page and "must be named and dated" in page
    assert not Source.objects.exists()


def test_an_attribution_is_added_in_the_admin_and_can_never_be_edited(editor_client):
    incident = make_incident()
    response = editor_client.post(
        "/admin/incidents/attribution/add/",
        {
            "incident": incident.pk,
            "by_kind": "government",
            "by_name": "Polish government",
            "to_state": "RU",
            "to_actor": "",
            "confidence": "official",
            "stated_on": "2025-09-10",
            "source_note": "",
            "reason": "Stated by the prime minister.",
        },
    )
    assert response.status_code == 302
    attribution = Attribution.objects.get()
    url = f"/admin/incidents/attribution/{attribution.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert 'name="by_name"' not in page  # view only
    editor_client.post(url, {"by_name": "Someone else"})
    editor_client.post(f"/admin/incidents/attribution/{attribution.pk}/delete/", {"post": "yes"})
    attribution.refresh_from_db()
    assert attribution.by_name == "Polish government"


def test_an_attribution_without_who_or_when_is_refused_in_the_admin(editor_client):
    incident = make_incident()
    response = editor_client.post(
        "/admin/incidents/attribution/add/",
        {
            "incident": incident.pk,
            "by_kind": "government",
            "confidence": "official",
            "to_state": "RU",
            "reason": "r",
        },
    )
    page = response.content.decode()
    assert "This field is required." in page
    assert not Attribution.objects.exists()


def test_editing_a_published_incident_in_the_admin_publishes_a_correction(editor_client):
    incident = make_incident()
    page = editor_client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert "Correction note (public)" in page
    # The stored dates come back in the form, so saving a correction keeps them.
    assert 'type="date" name="started_on" value="2025-09-10"' in page
    form = _incident_form(
        title=incident.title,
        account="Corrected account.",
        started_on="2025-09-10",
        place="",
        latitude="",
        longitude="",
        category="drone_incursion",
        target="",
        responses=[],
        reason="The first account overstated the damage.",
        expected_version=incident.version,
    )
    response = editor_client.post(f"/admin/incidents/incident/{incident.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    correction = Correction.objects.get()
    assert correction.note == "The first account overstated the damage."
    assert correction.changed_fields == ["account"]


def test_a_published_incidents_sources_cannot_be_deleted_in_the_admin(editor_client):
    incident = make_incident()
    source = incident.sources.get()
    editor_client.post(f"/admin/incidents/source/{source.pk}/delete/", {"post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()
    draft = make_draft(title="Draft")
    from incidents import services

    own = services.add_source(
        user=None,
        incident=draft,
        reason="r",
        publisher="P",
        title="T",
        published_on=date(2025, 9, 1),
    )
    editor_client.post(f"/admin/incidents/source/{own.pk}/delete/", {"post": "yes"})
    assert not Source.objects.filter(pk=own.pk).exists()


def test_the_incidents_changelist_makes_no_per_row_queries(
    editor_client, django_assert_max_num_queries
):
    for n in range(30):
        make_incident(title=f"Incident {n}", sources=2)
    with django_assert_max_num_queries(12):
        assert editor_client.get("/admin/incidents/incident/").status_code == 200


def test_a_superusers_deletion_of_a_draft_is_on_the_audit_log(superuser, superuser_client):
    incident = make_draft()
    response = superuser_client.post(
        f"/admin/incidents/incident/{incident.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.status_code == 302
    assert not Incident.objects.exists()
    entry = AuditEntry.objects.filter(action="deleted").get()
    assert entry.summary == f"Incident deleted: {incident.title}" and entry.actor == superuser


def test_a_denial_is_recorded_in_the_admin_and_shown_as_one(editor_client, client):
    incident = make_incident()
    response = editor_client.post(
        "/admin/incidents/attribution/add/",
        {
            "incident": incident.pk,
            "by_kind": "government",
            "by_name": "Russia (Ministry of Defence)",
            "to_state": "RU",
            "to_actor": "",
            "confidence": "denied",
            "stated_on": "2025-09-10",
            "source_note": "",
            "reason": "Russia's Defence Ministry said no targets in Poland were planned.",
        },
    )
    assert response.status_code == 302
    assert Attribution.objects.get().words == (
        "Denied by Russia (Ministry of Defence), 10 September 2025"
    )
    page = client.get(incident.get_absolute_url()).text
    assert "<strong>Denied</strong> by Russia (Ministry of Defence)" in page

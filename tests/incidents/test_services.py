"""Recording incidents: drafts, sources, publishing, attributions and corrections."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from core.concurrency import StaleEdit
from incidents import services
from incidents.models import Attribution, Correction, Incident, IncidentState, Source
from incidents.validation import latest_allowed_day
from news.models import CuratedLink, LinkState
from tests.incidents.factories import (
    attribute,
    incident_fields,
    make_draft,
    make_incident,
    reputable_link,
)

pytestmark = pytest.mark.django_db


def test_an_editor_drafts_sources_and_publishes_an_incident_with_an_audit_trail(editor):
    ed = editor
    incident = make_draft(ed)
    assert incident.state == IncidentState.DRAFT
    assert not AuditEntry.objects.public().exists()
    services.add_source(
        user=ed,
        incident=incident,
        reason="Primary report.",
        link=reputable_link(),
        publisher="Polish Ministry of Defence",
        title="Statement on the night's drones",
        published_on=date(2025, 9, 10),
    )
    services.publish_incident(user=ed, incident=incident, reason="Confirmed by two sources.")
    incident.refresh_from_db()
    assert incident.state == IncidentState.PUBLISHED and incident.published_at is not None
    entry = AuditEntry.objects.public().get()
    assert entry.summary == "Incident added to the record: Drones cross into Poland"
    assert entry.note == "Confirmed by two sources."
    assert entry.actor == ed
    assert entry.object_url == f"/incidents/{incident.pk}/"
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["created", "created", "published"]


def test_an_incident_cannot_be_published_without_a_source():
    incident = make_draft()
    with pytest.raises(ValidationError) as raised:
        services.publish_incident(user=None, incident=incident, reason="Go.")
    assert "at least one source" in str(raised.value)
    incident.refresh_from_db()
    assert incident.state == IncidentState.DRAFT
    assert not AuditEntry.objects.filter(action="published").exists()


def test_every_write_needs_a_reason():
    with pytest.raises(ValidationError) as raised:
        services.save_incident(user=None, reason="  \n ", **incident_fields())
    assert "Say why" in str(raised.value)
    assert not Incident.objects.exists()


def test_a_country_is_a_nato_member_only_from_the_day_it_joined():
    before = make_incident(countries=["FI", "EE"], started_on=date(2023, 4, 3))
    after = make_incident(countries=["FI"], started_on=date(2023, 4, 4))
    members = dict(before.countries.values_list("code", "nato_member"))
    assert members == {"EE": True, "FI": False}
    assert after.countries.get().nato_member is True


def test_month_precision_keeps_the_first_of_the_month():
    incident = make_draft(started_on=date(2025, 9, 17), precision="month")
    assert incident.started_on == date(2025, 9, 1)
    assert incident.when == "September 2025"


def test_a_change_to_a_published_incident_is_a_public_dated_correction(editor):
    ed = editor
    incident = make_incident(ed)
    services.save_incident(
        user=ed,
        incident=incident,
        reason="We first said three drones; the ministry counted 19.",
        expected_version=incident.version,
        account="Nineteen drones crossed the border.",
        countries=["PL", "LT"],
    )
    correction = Correction.objects.get()
    assert correction.note == "We first said three drones; the ministry counted 19."
    assert correction.changed_fields == ["account", "countries"]
    entry = AuditEntry.objects.public().newest_first().first()
    assert entry.summary == "Correction to an incident: Drones cross into Poland"
    assert entry.changes["countries"] == [["PL"], ["LT", "PL"]]


def test_saving_a_published_incident_unchanged_records_no_correction():
    incident = make_incident()
    services.save_incident(user=None, incident=incident, reason="Nothing.", title=incident.title)
    assert not Correction.objects.exists()


def test_a_stale_edit_is_refused_and_changes_nothing():
    incident = make_draft()
    services.save_incident(
        user=None, incident=incident, reason="First.", title="First", expected_version=1
    )
    with pytest.raises(StaleEdit):
        services.save_incident(
            user=None, incident=incident, reason="Second.", title="Second", expected_version=1
        )
    assert Incident.objects.get().title == "First"


def test_a_change_of_attribution_is_a_new_record_and_both_are_kept():
    incident = make_incident()
    first = attribute(incident, confidence="suspected", stated_on=date(2025, 9, 10))
    second = attribute(
        incident, by_kind="nato", by_name="North Atlantic Council", stated_on=date(2025, 9, 23)
    )
    assert list(incident.attributions.all()) == [second, first]
    current = Incident.objects.with_current_attribution().get()
    assert current.current_confidence == "official" and current.current_state == "RU"
    summaries = list(AuditEntry.objects.public().values_list("summary", flat=True))
    assert (
        "Attribution recorded for “Drones cross into Poland”: officially attributed to Russia "
        "by North Atlantic Council" in summaries
    )


def test_an_incident_nobody_has_attributed_counts_as_unattributed():
    make_incident()
    assert Incident.objects.with_current_attribution().get().current_confidence == "unattributed"


def test_a_source_can_be_a_curated_link_and_takes_its_words():
    from news.models import Outlet

    outlet = Outlet.objects.create(name="Kyiv Independent", domain="kyivindependent.com")
    link = CuratedLink.objects.create(
        title="Drones over Poland",
        outlet=outlet,
        url="https://kyivindependent.com/drones",
        state=LinkState.PUBLISHED,
        context="c",
        source_published_at=timezone.now() - timedelta(days=1),
    )
    incident = make_draft()
    source = services.add_source(user=None, incident=incident, reason="Report.", link=link)
    assert (source.title, source.publisher) == ("Drones over Poland", "Kyiv Independent")
    assert source.public_url == "https://kyivindependent.com/drones"
    with pytest.raises(ValidationError):
        services.add_source(user=None, incident=incident, reason="Again.", link=link)
    assert Source.objects.count() == 1


def test_a_pending_links_address_is_not_shown_and_a_rejected_link_is_refused():
    incident = make_draft()
    pending = CuratedLink.objects.create(title="Pending", url="https://example.org/p")
    rejected = CuratedLink.objects.create(
        title="Rejected", url="https://example.org/r", state=LinkState.REJECTED
    )
    source = services.add_source(user=None, incident=incident, reason="r", link=pending)
    assert source.public_url == ""
    with pytest.raises(ValidationError):
        services.add_source(user=None, incident=incident, reason="r", link=rejected)


def test_sources_leave_a_draft_but_never_a_published_incident():
    draft = make_draft()
    source = services.add_source(
        user=None,
        incident=draft,
        reason="r",
        publisher="P",
        title="T",
        published_on=date(2025, 9, 10),
    )
    services.remove_source(user=None, source=source, reason="Wrong incident.")
    assert not Source.objects.exists()
    published = make_incident(sources=1, title="Other")
    with pytest.raises(ValidationError):
        services.remove_source(user=None, source=published.sources.get(), reason="No.")
    assert published.sources.count() == 1


def test_a_moderator_cannot_record_incidents_and_an_editor_can(editor, moderator):
    with pytest.raises(PermissionDenied):
        make_draft(moderator)
    incident = make_incident(editor)
    with pytest.raises(PermissionDenied):
        attribute(incident, user=moderator)
    assert not Attribution.objects.exists()


TOMORROW_IN_EUROPE = latest_allowed_day() + timedelta(days=1)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        (
            {"started_on": date(2025, 9, 10), "ended_on": date(2025, 9, 9)},
            "ended_on",
            "end date is before the start date",
        ),
        ({"started_on": TOMORROW_IN_EUROPE}, "started_on", "in the future"),
        ({"ended_on": TOMORROW_IN_EUROPE}, "ended_on", "in the future"),
        ({"countries": ["PL", "ZZ"]}, "countries", "Unknown country code ZZ"),
        ({"countries": []}, "countries", "at least one country"),
        ({"latitude": "40.7", "longitude": "-74.0"}, "latitude", "outside Europe"),
        ({"latitude": "52.2"}, "longitude", "both latitude and longitude"),
        ({"latitude": "north", "longitude": "21"}, "latitude", "not a number"),
        ({"title": "   "}, "title", "title"),
        ({"category": "invasion"}, "category", "category"),
        ({"responses": ["nuked"]}, "responses", "Unknown response"),
        ({"killed": "-1"}, "killed", "whole number"),
    ],
)
def test_bad_incident_input_gets_a_sentence_and_saves_nothing(overrides, field, words):
    with pytest.raises(ValidationError) as raised:
        make_draft(**overrides)
    assert words in " ".join(raised.value.message_dict[field])
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"by_name": ""}, "by_name", "who made the attribution"),
        ({"stated_on": None}, "stated_on", "when the attribution was made"),
        ({"stated_on": TOMORROW_IN_EUROPE}, "stated_on", "in the future"),
        ({"to_state": "", "to_actor": ""}, "to_state", "to whom"),
        ({"confidence": "unattributed"}, "confidence", "names nobody"),
        ({"to_state": "QQ"}, "to_state", "Unknown country code QQ"),
    ],
)
def test_bad_attribution_input_gets_a_sentence_and_saves_nothing(overrides, field, words):
    incident = make_incident()
    with pytest.raises(ValidationError) as raised:
        attribute(incident, **overrides)
    assert words in " ".join(raised.value.message_dict[field])
    assert not Attribution.objects.exists()


def test_a_source_without_a_link_must_be_named_and_dated():
    incident = make_draft()
    with pytest.raises(ValidationError) as raised:
        services.add_source(user=None, incident=incident, reason="r", title="A report")
    assert set(raised.value.message_dict) == {"publisher", "published_on"}
    assert not Source.objects.exists()


def test_typed_text_is_kept_to_one_line_where_one_line_belongs():
    incident = make_draft(title="Drones\u2028over\x0bPoland\n", place="Rzeszów\r\nairport")
    assert incident.title == "Drones over Poland"
    assert incident.place == "Rzeszów airport"


def test_a_denial_stays_in_the_history_but_never_becomes_the_current_attribution(client):
    incident = make_incident()
    attribute(incident, by_name="Government of Poland", stated_on=date(2025, 9, 10))
    attribute(
        incident,
        by_name="Russia (Ministry of Defence)",
        confidence="denied",
        stated_on=date(2025, 9, 11),
    )
    current = Incident.objects.with_current_attribution().get()
    assert (current.current_confidence, current.current_state) == ("official", "RU")
    assert "Drones cross into Poland" in client.get("/incidents/?attribution=official").text
    listed = client.get("/incidents/").text
    assert "Officially attributed to Russia by Government of Poland" in listed
    data = json.loads(client.get("/api/incidents.json").text)["incidents"][0]
    assert data["attribution"]["by"] == "Government of Poland"
    assert data["attributions"][0]["confidence"] == "denied"
    assert data["attributions"][0]["words"] == (
        "Denied by Russia (Ministry of Defence), 11 September 2025"
    )
    body = b"".join(client.get("/incidents.csv").streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["attribution"] == "Officially attributed"
    assert row["attribution_records"] == "2"
    assert row["denials"] == "Denied by Russia (Ministry of Defence), 2025-09-11"


def test_a_denial_must_name_the_state_that_denies():
    incident = make_incident()
    with pytest.raises(ValidationError) as refused:
        attribute(incident, confidence="denied", to_state="", by_name="Kremlin spokesman")
    assert "to_state" in refused.value.message_dict

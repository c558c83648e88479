"""An indicator that points at an incident query shows the count on the home page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.indicators import count_for, disagreements, parse_query
from status import services as status_services
from status.models import Indicator
from tests.incidents.factories import attribute, make_incident
from tests.status.factories import NATO_SOURCE, make_check, make_indicators, make_verdict

pytestmark = pytest.mark.django_db
AIRSPACE = "category=airspace_aircraft&category=drone_incursion&nato=1"


def _recent(days: int = 5):
    return timezone.localdate() - timedelta(days=days)


def test_an_indicator_query_counts_recent_incidents_and_official_attributions():
    official = make_incident(title="Drones", started_on=_recent())
    attribute(official, stated_on=_recent())
    suspected = make_incident(title="Jets", category="airspace_aircraft", started_on=_recent(9))
    attribute(suspected, confidence="suspected", stated_on=_recent(8))
    make_incident(title="Long ago", started_on=_recent(200))
    make_incident(title="Cyber", category="cyber", started_on=_recent())
    make_incident(title="Outside NATO", countries=["UA"], started_on=_recent())
    counts = count_for({"airspace": AIRSPACE}, today=timezone.localdate())
    found = counts["airspace"]
    assert (found.total, found.official) == (2, 1)
    assert found.words == (
        "2 incidents in the last 90 days, 1 officially attributed to Russia"
        " · 3 since the record began"
    )
    assert found.url.startswith("/incidents/?category=airspace_aircraft&category=drone_incursion")


def test_the_home_page_shows_the_count_with_a_link_to_the_same_incidents(client):
    make_check(verdict=make_verdict())
    Indicator.objects.create(
        key="airspace",
        name="NATO airspace violations",
        state="watch",
        state_label="Yes",
        note="n",
        updated_at=timezone.now(),
        incident_query=AIRSPACE,
    )
    attribute(make_incident(title="Drones", started_on=_recent()), stated_on=_recent())
    make_incident(title="Jets", category="airspace_aircraft", started_on=_recent(3))
    page = client.get("/").text
    words = "2 incidents in the last 90 days, 1 officially attributed to Russia"
    counted = count_for({1: AIRSPACE}, today=timezone.localdate())[1]
    link = counted.url
    assert f'<a href="{link.replace("&", "&amp;")}">{words}</a>' in page
    ever = counted.ever_url.replace("&", "&amp;")
    assert f'<a href="{ever}">2 since the record began</a>' in page
    listed = client.get(link).text
    assert "2 incidents match these filters" in listed


def test_a_bad_incident_query_is_refused_with_a_sentence_and_saves_nothing():
    assert parse_query("category=cyber&nato=1")[1] == []
    assert "Unknown filter colour" in parse_query("colour=red")[1][0]
    indicator = make_indicators(1)[0]
    with pytest.raises(ValidationError) as raised:
        status_services.update_indicator(
            user=None,
            indicator=indicator,
            state="watch",
            state_label="Yes",
            note="n",
            sources=[NATO_SOURCE],
            expected_version=indicator.version,
            incident_query="category=invasion",
        )
    assert "Select a valid choice" in str(raised.value.message_dict["incident_query"])
    indicator.refresh_from_db()
    assert indicator.incident_query == "" and indicator.version == 1


def test_the_home_page_counts_every_indicator_in_one_query(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_check(verdict=make_verdict())
    make_incident(started_on=_recent())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    make_indicators(1)
    Indicator.objects.update(incident_query=AIRSPACE)
    one = queries()
    Indicator.objects.all().delete()
    make_indicators(200)
    Indicator.objects.update(incident_query=AIRSPACE)
    assert queries() == one


def test_a_chip_naming_a_month_is_read_against_the_record_in_that_month():
    make_incident(started_on=date(2025, 9, 10))
    today = date(2026, 12, 7)  # long after: nothing in the last 90 days
    said = {"says_yes": True, "query": AIRSPACE, "today": today}
    assert disagreements(label="Yes, in September 2025", **said) == []
    [warning] = disagreements(label="Yes, in August 2025", **said)
    assert "no published incident matching its query in August 2025" in warning


def test_a_present_tense_chip_is_read_against_the_last_90_days():
    make_incident(started_on=_recent(200))
    today = timezone.localdate()
    [warning] = disagreements(label="Yes, ongoing", says_yes=True, query=AIRSPACE, today=today)
    assert "no published incident matching its query in the last 90 days" in warning
    make_incident(started_on=_recent(3))
    assert disagreements(label="Yes, ongoing", says_yes=True, query=AIRSPACE, today=today) == []
    [warning] = disagreements(label="No", says_yes=False, query=AIRSPACE, today=today)
    assert "has 1 published incident matching its query in the last 90 days" in warning


def test_no_launch_chip_contradicts_the_counts_beneath_it(client):
    call_command("load_launch_content", verbosity=0)
    counted = Indicator.objects.exclude(incident_query="")
    assert counted.count() >= 2
    page = client.get("/").text
    for indicator in counted:
        for today in (date(2025, 10, 1), date(2026, 12, 7), timezone.localdate()):
            assert (
                disagreements(
                    label=indicator.state_label,
                    says_yes=indicator.state != "not_met",
                    query=indicator.incident_query,
                    today=today,
                )
                == []
            ), indicator.key
        found = count_for({1: indicator.incident_query}, today=timezone.localdate())[1]
        assert found.ever > 0, indicator.key
        assert f"{found.ever} since the record began</a>" in page

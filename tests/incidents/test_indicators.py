"""An indicator that points at an incident query shows the count on the home page."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.filters import filter_form
from incidents.indicators import count_for, disagreements, parse_query
from incidents.models import Incident, IncidentCountry, IncidentState, RecordChange
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


def test_an_indicator_query_is_read_through_the_form_once_not_on_every_render(monkeypatch):
    from incidents import indicators

    indicators._parsed.cache_clear()
    forms = []
    monkeypatch.setattr(
        indicators, "filter_form", lambda data: forms.append(data) or filter_form(data)
    )
    queries = {1: AIRSPACE, 2: "category=cyber&nato=1", 3: "", 4: AIRSPACE}
    for _ in range(3):
        count_for(queries, today=timezone.localdate())
    assert len(forms) == 2  # once per distinct query string; an empty one never
    active, _errors = parse_query(AIRSPACE)
    active["category"].append("cyber")  # each caller gets its own copy to change
    assert parse_query(AIRSPACE)[0]["category"] == ["airspace_aircraft", "drone_incursion"]


def _bulk_incidents(n: int, *, every_days: int = 1) -> list[Incident]:
    """Published incidents written straight to the tables, as a bulk load would: one a day
    (or every `every_days`) back from today, in Poland, alternately drones and cyber."""
    today = timezone.localdate()
    incidents = Incident.objects.bulk_create(
        Incident(
            title=f"Bulk {i}",
            account="a",
            started_on=today - timedelta(days=i * every_days),
            category="drone_incursion" if i % 2 else "cyber",
            state=IncidentState.PUBLISHED,
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    IncidentCountry.objects.bulk_create(
        IncidentCountry(incident=incident, code="PL", nato_member=True) for incident in incidents
    )
    return incidents


def test_the_counts_since_the_record_began_follow_every_write_to_the_record():
    """However the record changes (a service, the admin's deletion, a bulk load), the next
    count sees it, though a process counts the whole record again only after a change."""
    today = timezone.localdate()

    def counted() -> tuple[int, int, int]:
        found = count_for({1: AIRSPACE}, today=today)[1]
        return found.total, found.official, found.ever

    make_incident(title="Drones", started_on=_recent())
    assert counted() == counted() == (1, 0, 1)
    bulk = _bulk_incidents(4, every_days=200)  # drones 200 and 600 days ago, cyber
    assert counted() == (1, 0, 3)
    Incident.objects.filter(pk=bulk[3].pk).delete()
    assert counted() == (1, 0, 2)
    Incident.objects.filter(title="Drones").update(state="draft")
    assert counted() == (0, 0, 1)
    attribute(make_incident(title="Jets", category="airspace_aircraft", started_on=_recent()))
    assert counted() == (1, 1, 2)
    IncidentCountry.objects.filter(incident__title="Jets").update(nato_member=False)
    assert counted() == (0, 0, 1)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres(
    reason="reads PostgreSQL's query plans, and only PostgreSQL's triggers "
    "keep the record's token the counts since the record began are kept by"
)
def test_a_render_counts_nothing_again_until_the_record_changes_then_reads_90_days_by_index():
    _bulk_incidents(3000)  # eight years, a day apart: the last 90 days are 3% of them
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident; ANALYZE incidents_incidentcountry")
    queries = {1: AIRSPACE, 2: "category=cyber&nato=1"}
    first = count_for(queries, today=timezone.localdate())
    with CaptureQueriesContext(connection) as unchanged:
        again = count_for(queries, today=timezone.localdate())
    assert again == first and (first[1].total, first[1].ever) == (45, 1500)
    # While the record is unchanged, a render reads its token and runs no count.
    [statement] = unchanged.captured_queries
    ran = _ran(_plan(statement["sql"]))
    assert not any(_READS_INCIDENTS.search(line) for line in ran), "\n".join(ran)

    make_incident(title="Drones", started_on=_recent())  # the record changes
    with CaptureQueriesContext(connection) as changed:
        after = count_for(queries, today=timezone.localdate())
    assert (after[1].total, after[1].ever) == (46, 1501)
    # The token, which has moved on; then every count in one statement.
    [token, statement] = changed.captured_queries
    assert token["sql"] == unchanged.captured_queries[0]["sql"]
    plan = _plan(statement["sql"])
    ran = _ran(plan)
    # Every window's count starts from the index on the days incidents are going on.
    assert sum("incident_going_on" in line for line in ran) == 4, plan  # 2 counts a query


_READS_INCIDENTS = re.compile(r"on incidents_incident(\s|_\d|$)")


def _ran(plan: str) -> list[str]:
    return [line for line in plan.splitlines() if "(never executed)" not in line]


def test_the_home_page_makes_the_same_queries_with_2_and_600_incidents(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_check(verdict=make_verdict())
    make_indicators(2)
    Indicator.objects.update(incident_query=AIRSPACE)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    client.get("/")  # the counts are held under the record's token
    _bulk_incidents(2)
    few = queries()  # the token moved on: read, then every count in one statement
    _bulk_incidents(598)  # more than the window holds: most of them long ago
    assert queries() == few
    if connection.vendor == "postgresql":  # SQLite keeps no token: it counts each time
        assert queries() == few - 1  # the record unchanged: its token alone
    assert "46 incidents in the last 90 days" in client.get("/").text  # 1 + 45 drones


@pytest.mark.postgres(reason="the record's token is kept by PostgreSQL's triggers")
def test_the_records_token_comes_back_at_the_next_write_after_its_table_was_emptied():
    RecordChange.objects.all().delete()  # as a flush leaves it
    _bulk_incidents(1)
    [token] = RecordChange.objects.values_list("token", flat=True)
    _bulk_incidents(1)
    assert RecordChange.objects.get().token != token

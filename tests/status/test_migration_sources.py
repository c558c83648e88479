"""Indicator sources written as JSON before sources were records: migrated to news.Source
records (their outlets found by domain), outlets' reputable flag to a standing; and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from news.models import Outlet as NewOutlet
from news.models import Source, Standing
from status.models import Indicator

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("status", "0009_reader_page_fields"), ("news", "0006_curatedlink_reference")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_json_sources_become_records_and_come_back():
    migrate(BEFORE)
    try:
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Outlet = apps.get_model("news", "Outlet")
        OldIndicator = apps.get_model("status", "Indicator")
        Outlet.objects.create(name="NATO", domain="nato.int", reputable=True)
        Outlet.objects.create(name="A blog", domain="blog.example", reputable=False)
        OldIndicator.objects.create(
            key="a5",
            name="Article 5",
            state="not_met",
            state_label="No",
            note="Not invoked.",
            updated_at="2025-09-30T12:00:00Z",
            sources=[
                {"title": "NATO: Article 5", "url": "https://www.nato.int/a5"},
                {"title": "Kyiv Independent", "date": "September 2025"},
                {"title": "A blog", "url": "https://blog.example/x"},
            ],
        )
    finally:
        migrate(latest())

    indicator = Indicator.objects.get()
    first, second = Source.objects.for_claim(indicator)
    assert (first.title, first.outlet.name, first.outlet.standing) == (
        "NATO: Article 5",
        "NATO",
        Standing.REPUTABLE,
    )
    assert second.outlet.standing == Standing.OTHER
    # The source without an address cannot be opened: kept in the note, not lost.
    assert indicator.note == "Not invoked. (According to Kyiv Independent (September 2025).)"

    NewOutlet.objects.filter(domain="nato.int").update(standing=Standing.PRIMARY)
    migrate(BEFORE)
    try:
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old = apps.get_model("status", "Indicator").objects.get()
        assert old.sources == [
            {"title": "NATO: Article 5", "url": "https://www.nato.int/a5"},
            {"title": "A blog", "url": "https://blog.example/x"},
        ]
        flags = dict(apps.get_model("news", "Outlet").objects.values_list("domain", "reputable"))
        assert flags == {"nato.int": True, "blog.example": False}
    finally:
        migrate(latest())

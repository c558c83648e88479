"""Every output of the record says what it covers: the day it begins, taken from the
record itself, and that it is not a complete count."""

import csv
import io
import json
from datetime import date

import pytest

from incidents.coverage import coverage_sentence
from incidents.csv_file import CSV_COLUMNS
from incidents.models import Precision
from tests.incidents.factories import make_draft, make_incident

pytestmark = pytest.mark.django_db

SENTENCE = (
    "This record begins on 7 September 2024 and lists incidents reported by the sources "
    "shown; it is not a complete count."
)


def test_the_sentence_names_the_first_published_incident_s_day():
    make_draft(started_on=date(2020, 1, 1))  # a draft is not on the record
    make_incident(started_on=date(2025, 9, 10))
    make_incident(started_on=date(2024, 9, 7))
    assert coverage_sentence() == SENTENCE


def test_a_record_beginning_with_a_month_or_a_year_says_only_that():
    make_incident(started_on=date(2024, 7, 1), precision=Precision.MONTH)
    assert coverage_sentence().startswith("This record begins in July 2024 and lists")
    make_incident(started_on=date(2023, 1, 1), precision=Precision.YEAR)
    assert coverage_sentence().startswith("This record begins in 2023 and lists")


def test_an_empty_record_does_not_claim_a_beginning():
    assert coverage_sentence() == (
        "This record has no incidents yet; it is not a complete count of what has happened."
    )


def test_every_page_and_file_of_the_record_carries_the_sentence(client):
    incident = make_incident(started_on=date(2024, 9, 7))
    make_incident(started_on=date(2025, 9, 10))
    for url in [
        "/incidents/",
        "/incidents/timeline/",
        "/incidents/map/",
        incident.get_absolute_url(),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert SENTENCE in page.text, url
    assert json.loads(client.get("/api/incidents.json").text)["coverage"] == SENTENCE
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get("/incidents.csv").streaming_content).decode("utf-8-sig")
            )
        )
    )
    assert list(rows[0]) == CSV_COLUMNS
    assert {row["record_coverage"] for row in rows} == {SENTENCE}
    assert SENTENCE in client.get("/feeds/incidents.xml").text

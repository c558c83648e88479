"""Dates, times and durations in each language's own words and order, still UK time with
the zone named: "niedziela, 22 listopada 2026, 14:05 GMT", "2 godziny i 5 minut"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import get_format
from django.utils.translation import to_locale

from core.durations import describe_duration
from core.uktime import uk_datetime

UK_FORMATS = ("UK_DATETIME_FORMAT", "UK_SHORT_DATETIME_FORMAT", "UK_DATE_FORMAT")
SUNDAY = datetime(2026, 11, 22, 14, 5, tzinfo=UTC)  # GMT
SUMMER = datetime(2026, 7, 15, 11, 30, tzinfo=UTC)  # 12:30 BST


def test_every_language_defines_the_uk_formats():
    # get_format() answers an unknown name with the name itself: a language without
    # its file would print "UK_DATE_FORMAT" where the date should be.
    for code, _ in settings.LANGUAGES:
        module = import_module(f"core.formats.{to_locale(code)}.formats")
        with translation.override(code):
            for name in UK_FORMATS:
                assert getattr(module, name), (code, name)
                assert get_format(name) == getattr(module, name), (code, name)
                assert name not in uk_datetime(SUNDAY, name), (code, name)


def test_english_dates_read_as_they_always_did():
    with translation.override("en-gb"):
        assert uk_datetime(SUNDAY) == "Sunday 22 November 2026, 14:05 GMT"
        assert uk_datetime(SUNDAY, "UK_SHORT_DATETIME_FORMAT") == "22 November 2026, 14:05 GMT"
        assert uk_datetime(SUNDAY, "j M Y, H:i") == "22 Nov 2026, 14:05 GMT"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("pl", "22 listopada 2026, 14:05 GMT"),
        ("uk", "22 листопада 2026 р., 14:05 GMT"),
        ("lt", "2026 m. lapkričio 22 d., 14:05 GMT"),
        ("fi", "22. marraskuuta 2026 klo 14.05 GMT"),
        ("lv", "2026. gada 22. novembris, 14:05 GMT"),
        ("et", "22. november 2026, 14:05 GMT"),
    ],
)
def test_each_language_writes_the_date_its_own_way(code, words):
    with translation.override(code):
        assert uk_datetime(SUNDAY, "UK_SHORT_DATETIME_FORMAT") == words
        assert uk_datetime(SUNDAY).endswith(words.split(", ")[-1])


def test_uk_time_names_the_zone_in_every_language():
    # 25 October 2026: the clocks go back at 02:00 BST, so 01:30 comes twice.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = first + timedelta(hours=1)
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            assert uk_datetime(SUNDAY).endswith(" GMT"), code
            summer = uk_datetime(SUMMER, "UK_SHORT_DATETIME_FORMAT")
            assert summer.endswith(" BST") and ("12:30" in summer or "12.30" in summer), code
            once, twice = (uk_datetime(t, "UK_SHORT_DATETIME_FORMAT") for t in (first, second))
            assert once.endswith(" BST") and twice.endswith(" GMT"), code
            assert once[:-4] == twice[:-4], code  # the same wall clock, two named moments


def test_polish_durations_use_three_plural_forms():
    hours = {1: "1 godzina", 2: "2 godziny", 4: "4 godziny", 5: "5 godzin", 12: "12 godzin"}
    hours |= {22: "22 godziny"}
    with translation.override("pl"):
        for n, words in hours.items():
            assert describe_duration(timedelta(hours=n)) == words
        assert describe_duration(timedelta(days=1, minutes=21)) == "1 dzień i 21 minut"
        assert describe_duration(timedelta(days=3, hours=2)) == "3 dni i 2 godziny"
        assert describe_duration(timedelta(minutes=23)) == "23 minuty"
        assert describe_duration(timedelta(seconds=20)) == "mniej niż minuta"
    with translation.override("en-gb"):
        assert describe_duration(timedelta(days=1, minutes=21)) == "1 day and 21 minutes"


def test_ukrainian_and_lithuanian_durations_pick_their_forms():
    with translation.override("uk"):
        got = [describe_duration(timedelta(hours=n)) for n in (1, 3, 11, 21)]
        assert got == ["1 година", "3 години", "11 годин", "21 година"]
    with translation.override("lt"):
        got = [describe_duration(timedelta(minutes=n)) for n in (1, 5, 12, 21)]
        assert got == ["1 minutė", "5 minutės", "12 minučių", "21 minutė"]
    with translation.override("lv"):
        got = [describe_duration(timedelta(days=n)) for n in (1, 2, 10)]
        assert got == ["1 diena", "2 dienas", "10 dienu"]


@pytest.mark.django_db
def test_a_polish_incident_page_dates_the_incident_in_polish(client):
    from tests.incidents.factories import make_incident

    incident = make_incident()  # began 10 September 2025
    assert "10 September 2025" in client.get(f"/incidents/{incident.pk}/").content.decode()
    polish = client.get(f"/pl/incidents/{incident.pk}/").content.decode()
    assert "10 września 2025" in polish and "September" not in polish

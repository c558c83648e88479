"""The one rule every public claim is published under: a source readers can open, from a
primary source or a reputable outlet, and never one marked as disinformation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import Outlet, Source, Standing
from news.services_sources import as_json, clean_sources, refuse_unsourced, set_sources
from status.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlets():
    return {
        standing: Outlet.objects.create(
            name=standing.label, domain=f"{standing.value}.example", standing=standing
        )
        for standing in Standing
    }


def _one(standing: Standing, **extra) -> list[dict]:
    return [{"url": f"https://www.{standing.value}.example/a", "title": "A", **extra}]


@pytest.mark.parametrize("standing", [Standing.PRIMARY, Standing.REPUTABLE])
def test_a_primary_or_reputable_source_carries_a_claim(outlets, standing):
    tidy = clean_sources(_one(standing, published_on="2025-09-10"), claim="It")
    assert tidy[0]["outlet"] == outlets[standing]
    assert tidy[0]["published_on"] == date(2025, 9, 10)
    refuse_unsourced(tidy, claim="It")


def test_other_outlets_and_unlisted_domains_do_not_carry_a_claim(outlets):
    for sources in (_one(Standing.OTHER), [{"url": "https://unlisted.example/", "title": "U"}]):
        tidy = clean_sources(sources, claim="The indicator “Troops”")
        with pytest.raises(ValidationError) as refused:
            refuse_unsourced(tidy, claim="The indicator “Troops”")
        assert refused.value.messages == [
            "The indicator “Troops” cannot be published: none of its sources is from a "
            "primary source or a reputable outlet on the list. Add a page readers can open "
            "from a primary source (NATO, a government, a parliament, a court) or a "
            "reputable outlet."
        ]


def test_a_disinformation_outlet_is_refused_even_beside_a_good_source(outlets):
    sources = _one(Standing.PRIMARY) + _one(Standing.DISINFORMATION)
    with pytest.raises(ValidationError, match="cannot cite Known disinformation"):
        clean_sources(sources, claim="The FAQ answer “Q?”")


def test_sources_are_replaced_in_order_and_read_back_as_given(outlets):
    indicator = Indicator.objects.create(
        key="k", name="K", state="not_met", state_label="No", note="n", updated_at=timezone.now()
    )
    first = clean_sources(_one(Standing.PRIMARY) + _one(Standing.REPUTABLE), claim="It")
    set_sources(claim=indicator, sources=first)
    archived = "https://web.archive.org/web/2025/https://www.primary.example/b"
    second = clean_sources(
        [{"url": "https://www.primary.example/b", "title": "B", "archived_url": archived}],
        claim="It",
    )
    set_sources(claim=indicator, sources=second)
    (only,) = Source.objects.for_claim(indicator)
    assert (only.url, only.archived_url, only.outlet) == (
        "https://www.primary.example/b",
        archived,
        outlets[Standing.PRIMARY],
    )
    assert as_json(second) == [
        {"url": "https://www.primary.example/b", "title": "B", "archived_url": archived}
    ]


def test_a_source_dated_in_the_future_is_refused(outlets):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match=f"its publication date, {tomorrow}, is in the fut"):
        clean_sources(_one(Standing.PRIMARY, published_on=tomorrow.isoformat()), claim="It")

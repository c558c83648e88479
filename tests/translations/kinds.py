"""A translatable kind of the tests' own, over indicators, whose English can change (the
verdict's never does: a change is a new verdict), registered only while a test runs."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from status.models import Indicator, IndicatorState
from translations import registry, services
from translations.models import SourceVersion

NOTE = "test-note"


@pytest.fixture
def note_kind(monkeypatch):
    """Indicators' name and note, translated without four eyes (as indicators may be)."""
    monkeypatch.setitem(registry.KINDS, NOTE, None)
    registry.register(kind=NOTE, model=Indicator, fields=("name", "note"))
    return registry.get(NOTE)


def make_noted(n: int = 1, **fields) -> Indicator:
    indicator = Indicator.objects.create(
        key=f"noted-{n}",
        name=fields.get("name", f"Drones over Poland {n}"),
        note=fields.get("note", "Russian drones crossed into Polish airspace twice."),
        state=IndicatorState.NOT_MET,
        state_label="No",
        order=n,
        updated_at=timezone.now(),
    )
    edit_english(indicator)
    return indicator


def edit_english(indicator: Indicator, *, at: datetime | None = None, **fields) -> SourceVersion:
    """An editor's change to the English, recorded as the owning app's service would."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.save()
        version = services.record_source(kind=NOTE, obj=indicator)
    if at is not None:
        SourceVersion.objects.filter(pk=version.pk).update(created_at=at)
        version.refresh_from_db()
    return version

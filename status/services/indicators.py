"""Indicators: where each criterion that would change the verdict stands.

With four eyes on, a person's change here is refused: they propose it instead
(status.services.proposals), and the approval applies it through these same functions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.concurrency import lock_for_edit
from core.permissions import require
from core.text import single_line_errors
from news import services_sources
from status.models import (
    Indicator,
    IndicatorKind,
    IndicatorState,
    validate_incident_query,
)
from status.services.verdicts import refuse_without_second_editor
from status.translated import INDICATOR
from translations.services import record_source


def _claim(name: str) -> str:
    return f"The indicator “{name.strip()}”" if name.strip() else "This indicator"


def reviewed_on(actor: Any) -> date | None:
    """The "accurate as of" a save records: a person saving an indicator (directly, or by
    approving a proposal) has reviewed it against its sources today (UK date); the system
    (launch content) reviews nothing."""
    return timezone.localdate() if getattr(actor, "pk", None) else None


def checked_sources(sources: list[dict[str, Any]], *, name: str) -> list[dict[str, Any]]:
    """The sources tidied, or refused: an indicator is always public, so every save must
    leave it with a source readers can open from a primary source or a reputable outlet."""
    try:
        tidy = services_sources.clean_sources(sources, claim=_claim(name))
        services_sources.refuse_unsourced(tidy, claim=_claim(name))
    except ValidationError as exc:
        raise ValidationError({"sources": exc.messages}) from None
    return tidy


def clean_indicator(
    *, state: str, state_label: str, note: str, sources: list[dict[str, Any]], name: str = ""
) -> list[dict[str, str]]:
    """The indicator's fields checked; its sources as JSON holds them (for a proposal)."""
    if state not in IndicatorState.values:
        raise ValidationError({"state": f"Unknown state {state!r}."})
    if not state_label.strip():
        raise ValidationError({"state_label": "Say in a word or two what readers see."})
    if errors := single_line_errors(state_label=state_label):
        raise ValidationError(errors)
    if not note.strip():
        raise ValidationError({"note": "Say in a sentence where this indicator stands and why."})
    return services_sources.as_json(checked_sources(sources, name=name))


def update_indicator(
    *,
    user: Any,
    indicator: Indicator,
    state: str,
    state_label: str,
    note: str,
    sources: list[dict[str, Any]],
    expected_version: int,
    public: bool = True,
    incident_query: str | None = None,
    kind: str | None = None,
) -> Indicator:
    """Change where an indicator stands. Refuses a save based on an out-of-date copy.

    `incident_query`: the incidents it counts on the home page; `kind`: trigger or
    signal (None: either unchanged)."""
    require(user, "status.change_indicator", "edit indicators")
    refuse_without_second_editor(user, "An indicator change")
    clean_indicator(
        state=state, state_label=state_label, note=note, sources=sources, name=indicator.name
    )
    values = {"state": state, "state_label": state_label, "note": note, "sources": sources}
    if incident_query is not None:
        values["incident_query"] = clean_incident_query(incident_query)
    if kind:
        if kind not in IndicatorKind.values:
            raise ValidationError({"kind": f"Unknown kind {kind!r}."})
        values["kind"] = kind
    with transaction.atomic():
        return change_indicator(
            actor=user,
            pk=indicator.pk,
            expected_version=expected_version,
            values=values,
            public=public,
        )


def clean_incident_query(value: str) -> str:
    query = value.strip().lstrip("?")
    try:
        validate_incident_query(query)
    except ValidationError as exc:
        raise ValidationError({"incident_query": exc.messages}) from None
    return query


def change_indicator(
    *,
    actor: Any,
    pk: int,
    expected_version: int | None,
    values: dict[str, Any],
    public: bool,
    approval: dict[str, list] | None = None,
) -> Indicator:
    fresh = lock_for_edit(Indicator.objects, pk=pk, expected_version=expected_version)
    before = audit.snapshot(fresh)
    sources_before = services_sources.as_json(services_sources.source_rows(fresh))
    sources = checked_sources(values["sources"], name=fresh.name)
    fresh.state = values["state"]
    fresh.state_label = values["state_label"].strip()
    fresh.note = values["note"].strip()
    for extra in ("incident_query", "kind"):
        if extra in values:
            setattr(fresh, extra, values[extra])
    fresh.updated_at = timezone.now()
    fresh.accurate_as_of = reviewed_on(actor) or fresh.accurate_as_of
    fresh.version += 1
    fresh.save()
    services_sources.set_sources(claim=fresh, sources=sources)
    changes = audit.diff_fields(before, audit.snapshot(fresh))
    for noise in ("version", "updated_at", "accurate_as_of"):
        changes.pop(noise, None)
    sources_after = services_sources.as_json(sources)
    if sources_after != sources_before:
        changes["sources"] = [sources_before, sources_after]
    record_source(kind=INDICATOR, obj=fresh)  # what translations now translate
    audit.record(
        actor=actor,
        action=Action.CHANGED,
        obj=fresh,
        summary=f"Indicator updated: {fresh.name} — {fresh.state_label}.",
        changes={**changes, **(approval or {})},
        note=fresh.note if public else "",
        public=public,
    )
    return fresh


def add_indicator(
    *,
    user: Any,
    key: str,
    name: str,
    order: int = 0,
    state: str,
    state_label: str,
    note: str,
    sources: list[dict[str, Any]],
    public: bool = True,
    approval: dict[str, list] | None = None,
    incident_query: str = "",
    kind: str | None = None,
) -> Indicator:
    """A new indicator, shown to readers at once (so four eyes makes it a proposal)."""
    require(user, "status.add_indicator", "add indicators")
    if approval is None:
        refuse_without_second_editor(user, "A new indicator")
    if not name.strip():
        raise ValidationError({"name": "Give the indicator a name readers understand."})
    if errors := single_line_errors(name=name):
        raise ValidationError(errors)
    clean_indicator(state=state, state_label=state_label, note=note, sources=sources, name=name)
    tidy = checked_sources(sources, name=name)
    with transaction.atomic():
        if Indicator.objects.filter(key=key).exists():
            raise ValidationError({"key": f"An indicator with the key {key!r} exists already."})
        indicator = Indicator.objects.create(
            key=key,
            name=name.strip(),
            order=order,
            state=state,
            state_label=state_label.strip(),
            note=note.strip(),
            incident_query=clean_incident_query(incident_query) if incident_query else "",
            **({"kind": kind} if kind else {}),
            updated_at=timezone.now(),
            accurate_as_of=reviewed_on(user),
        )
        services_sources.set_sources(claim=indicator, sources=tidy)
        record_source(kind=INDICATOR, obj=indicator)
        audit.record(
            actor=user,
            action=Action.CREATED,
            obj=indicator,
            summary=f"Indicator added: {indicator.name} — {indicator.state_label}.",
            changes={
                **audit.diff_fields({}, audit.snapshot(indicator)),
                "sources": [None, services_sources.as_json(tidy)],
                **(approval or {}),
            },
            note=indicator.note if public else "",
            public=public,
        )
    return indicator

"""Every write to the incidents record: one transaction each, a reason and an audit entry.

save_incident(*, user, reason, incident=None, countries=None, expected_version=None,
              checked=None, **fields) -> Incident
publish_incident(*, user, incident, reason) -> Incident
add_source(*, user, incident, reason, link=None, publisher="", title="", published_on=None)
remove_source(*, user, source, reason) -> None
add_attribution(*, user, incident, reason, **fields) -> Attribution

A published incident is never quietly edited: a change to it is a correction,
stored as a dated public note and announced on the changelog. Attributions are
only ever added, so a changed attribution is a new record beside the old.
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
from incidents.countries import nato_member_on
from incidents.models import (
    INCIDENT_FIELDS,
    Attribution,
    Correction,
    Incident,
    IncidentCountry,
    IncidentState,
    Source,
    public_link_url,
)
from incidents.translated import INCIDENT
from incidents.validation import IncidentFields, check_attribution, check_source, text_block
from news import services_sources
from news.models import CuratedLink, LinkState
from translations.services import record_source

ATTRIBUTION_FIELDS = (
    "by_kind",
    "by_name",
    "to_state",
    "to_actor",
    "confidence",
    "stated_on",
    "source_note",
)


def _required_reason(reason: str) -> str:
    reason = text_block(reason)
    if not reason:
        raise ValidationError({"reason": "Say why: every change to the record gives a reason."})
    return reason


def _locked(incident: Incident, expected_version: int | None = None) -> Incident:
    return lock_for_edit(Incident.objects, pk=incident.pk, expected_version=expected_version)


def _field_label(name: str) -> str:
    if name == "countries":
        return "countries"
    return str(Incident._meta.get_field(name).verbose_name)


def save_incident(
    *,
    user: Any,
    reason: str,
    incident: Incident | None = None,
    countries: list[str] | None = None,
    expected_version: int | None = None,
    checked: IncidentFields | None = None,
    **fields: Any,
) -> Incident:
    """Create a draft, edit a draft, or correct a published incident (the reason is then
    the public correction note). The fields are given one by one (those left out stay
    as they are), or as `checked`, the editors' form that already applied the rules to
    every field, so they run once."""
    creating = incident is None
    require(user, f"incidents.{'add' if creating else 'change'}_incident", "record incidents")
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    reason = _required_reason(reason)
    with transaction.atomic():
        if creating:
            incident, before, before_codes = Incident(created_by=_person(user)), {}, []
        else:
            incident = _locked(incident, expected_version)
            before = audit.snapshot(incident, list(INCIDENT_FIELDS))
            before_codes = list(incident.countries.values_list("code", flat=True))
        kept = audit.snapshot(incident, list(INCIDENT_FIELDS))  # a new one's: the defaults
        form = checked or IncidentFields(
            {**kept, **fields, "countries": before_codes if countries is None else countries}
        )
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        tidy, codes = form.cleaned_data, form.cleaned_data["countries"]
        for name in INCIDENT_FIELDS:
            if name in tidy:
                setattr(incident, name, tidy[name])
        incident.full_clean()
        after = audit.snapshot(incident, list(INCIDENT_FIELDS))
        changes = audit.diff_fields(before, after)
        if sorted(codes) != sorted(before_codes):
            changes["countries"] = [sorted(before_codes), sorted(codes)]
        if not creating and not changes:
            return incident  # nothing to save, nothing to announce
        incident.updated_at = timezone.now()
        incident.version = 1 if creating else incident.version + 1
        incident.save()
        _set_countries(incident, codes)
        record_source(kind=INCIDENT, obj=incident)  # what translations now translate
        if creating:
            summary = f"Incident drafted: {incident.title}"
        elif incident.is_published:
            Correction.objects.create(
                incident=incident,
                note=reason,
                changed_fields=[_field_label(name) for name in changes],
                made_by=_person(user),
            )
            summary = f"Correction to an incident: {incident.title}"
        else:
            summary = f"Incident draft updated: {incident.title}"
        audit.record(
            actor=user,
            action=Action.CREATED if creating else Action.CHANGED,
            obj=incident,
            summary=summary,
            changes=changes,
            note=reason,
            public=incident.is_published,
        )
    return incident


def _set_countries(incident: Incident, codes: list[str]) -> None:
    """The incident's countries, each marked a NATO member or not on the day it began."""
    incident.countries.exclude(code__in=codes).delete()
    held = set(incident.countries.values_list("code", flat=True))
    IncidentCountry.objects.bulk_create(
        IncidentCountry(incident=incident, code=code, nato_member=False)
        for code in codes
        if code not in held
    )
    for row in incident.countries.all():
        member = nato_member_on(row.code, incident.started_on)
        if row.nato_member != member:
            row.nato_member = member
            row.save(update_fields=["nato_member"])


def _person(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def publish_incident(*, user: Any, incident: Incident, reason: str) -> Incident:
    require(user, "incidents.publish_incident", "publish incidents")
    reason = _required_reason(reason)
    with transaction.atomic():
        incident = _locked(incident)
        if incident.is_published:
            raise ValidationError("This incident is already published.")
        if not incident.sources.exists():
            raise ValidationError(
                {
                    "sources": "Add at least one source before publishing: readers must be able "
                    "to see where each incident on the record comes from."
                }
            )
        refuse_unsourced_incident(incident)
        now = timezone.now()
        incident.state = IncidentState.PUBLISHED
        incident.published_at = now
        incident.updated_at = now
        incident.version += 1
        incident.save()
        audit.record(
            actor=user,
            action=Action.PUBLISHED,
            obj=incident,
            summary=f"Incident added to the record: {incident.title}",
            changes={"state": [IncidentState.DRAFT, IncidentState.PUBLISHED]},
            note=reason,
            public=True,
        )
    return incident


def refuse_unsourced_incident(incident: Incident) -> None:
    """The rule every public claim is published under (news.services_sources): at least
    one source readers can open (a published link) from a primary source or a reputable
    outlet, and none from an outlet marked as disinformation."""
    claim = f"The incident “{incident.title}”"
    links = [s.link for s in incident.sources.select_related("link__outlet") if s.link]
    sources = [
        {"url": public_link_url(link.state, link.url), "outlet": link.outlet} for link in links
    ]
    for source in sources:
        if source["outlet"] is not None and source["outlet"].disinformation:
            raise ValidationError(
                {
                    "sources": f"{claim} cannot cite {source['outlet'].name}: the outlet list "
                    "marks it as known disinformation."
                }
            )
    try:
        services_sources.refuse_unsourced(sources, claim=claim)
    except ValidationError as exc:
        raise ValidationError({"sources": exc.messages}) from None


def _touch(incident: Incident) -> None:
    """A source or an attribution added: the incident's page has changed."""
    incident.updated_at = timezone.now()
    incident.save(update_fields=["updated_at"])


def add_source(
    *,
    user: Any,
    incident: Incident,
    reason: str,
    link: CuratedLink | None = None,
    publisher: str = "",
    title: str = "",
    published_on: date | str | None = None,
) -> Source:
    """A curated link, or a named and dated source without a URL."""
    require(user, "incidents.add_source", "add sources to incidents")
    reason = _required_reason(reason)
    tidy, errors = check_source(
        link=link, publisher=publisher, title=title, published_on=published_on
    )
    if link is not None and link.state in {LinkState.REJECTED, LinkState.HIDDEN}:
        errors["link"] = "Moderators rejected or hid that link: choose another source."
    if link is not None and link.outlet is not None and link.outlet.disinformation:
        errors["link"] = (
            f"{link.outlet.name} is marked as known disinformation: it is never a source."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        incident = _locked(incident)
        if link is not None and incident.sources.filter(link=link).exists():
            raise ValidationError({"link": "That link is already a source of this incident."})
        source = Source(incident=incident, link=link, added_by=_person(user), **tidy)
        _touch(incident)
        audit.save_and_record(
            actor=user,
            obj=source,
            before={},
            summary=f"Source added to an incident: {incident.title}",
            note=reason,
            public=incident.is_published,
        )
    return source


def remove_source(*, user: Any, source: Source, reason: str) -> None:
    """Only from a draft: what a published incident cited stays on the record."""
    require(user, "incidents.delete_source", "remove sources")
    reason = _required_reason(reason)
    with transaction.atomic():
        incident = _locked(source.incident)
        if incident.is_published:
            raise ValidationError(
                "The sources of a published incident stay on the record: add a better source "
                "and a correction saying why instead."
            )
        audit.record(
            actor=user,
            action=Action.DELETED,
            obj=source,
            summary=f"Source removed from a draft incident: {incident.title}",
            changes={k: audit.diff_values(v, None) for k, v in audit.snapshot(source).items() if v},
            note=reason,
        )
        source.delete()


def add_attribution(*, user: Any, incident: Incident, reason: str, **fields: Any) -> Attribution:
    """A new dated attribution record; earlier ones stay, and readers see them all."""
    require(user, "incidents.add_attribution", "record attributions")
    unknown = set(fields) - set(ATTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    reason = _required_reason(reason)
    tidy, errors = check_attribution(fields)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        incident = _locked(incident)
        attribution = Attribution(incident=incident, recorded_by=_person(user), **tidy)
        _touch(incident)
        audit.save_and_record(
            actor=user,
            obj=attribution,
            before={},
            summary=(
                f"Attribution recorded for “{incident.title}”: "
                f"{attribution.words_without_date[0].lower()}{attribution.words_without_date[1:]}"
            ),
            note=reason,
            public=incident.is_published,
        )
    return attribution

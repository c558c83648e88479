"""Incidents for tests, made through the services (so they are what editors would make)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from incidents import services
from incidents.models import Attribution, Category, Incident
from news.models import CuratedLink, LinkState, Outlet, Standing


def incident_fields(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Drones cross into Poland",
        "account": "Several drones crossed the border and were shot down.",
        "started_on": date(2025, 9, 10),
        "category": Category.DRONE_INCURSION,
        "countries": ["PL"],
        **overrides,
    }


def make_draft(user: Any = None, **overrides: Any) -> Incident:
    return services.save_incident(user=user, reason="New incident.", **incident_fields(**overrides))


def reputable_link(n: int = 0) -> CuratedLink:
    """A published curated link from a reputable outlet: a source readers can open."""
    url = f"https://outlet{n}.example/report-{n}"
    known = CuratedLink.objects.filter(url=url).first()
    if known is not None:
        return known
    outlet = Outlet.objects.get_or_create(
        domain=f"outlet{n}.example",
        defaults={"name": f"Outlet {n}", "standing": Standing.REPUTABLE},
    )[0]
    # Made directly, not through news.services: a fixture, kept out of the changelog
    # the incidents tests count.
    return CuratedLink.objects.create(
        url=url,
        title=f"Report {n}",
        outlet=outlet,
        context="Reporting on the incident.",
        source_published_at=datetime(2025, 9, 11, 12, tzinfo=UTC),
        state=LinkState.PUBLISHED,
    )


def make_incident(user: Any = None, *, sources: int = 1, **overrides: Any) -> Incident:
    """A published incident with `sources` named, dated sources, the first of them a
    published link from a reputable outlet (publishing needs one readers can open)."""
    incident = make_draft(user, **overrides)
    for n in range(sources):
        services.add_source(
            user=user,
            incident=incident,
            reason="Source.",
            link=reputable_link() if n == 0 else None,
            publisher=f"Outlet {n}",
            title=f"Report {n}",
            published_on=date(2025, 9, 11),
        )
    return services.publish_incident(user=user, incident=incident, reason="Sourced.")


def attribute(incident: Incident, user: Any = None, **overrides: Any) -> Attribution:
    fields = {
        "by_kind": "government",
        "by_name": "Polish government",
        "to_state": "RU",
        "confidence": "official",
        "stated_on": date(2025, 9, 10),
        **overrides,
    }
    return services.add_attribution(user=user, incident=incident, reason="Said so.", **fields)

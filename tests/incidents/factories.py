"""Incidents for tests, made through the services (so they are what editors would make)."""

from __future__ import annotations

from datetime import date
from typing import Any

from incidents import services
from incidents.models import Attribution, Category, Incident


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


def make_incident(user: Any = None, *, sources: int = 1, **overrides: Any) -> Incident:
    """A published incident with `sources` named, dated sources."""
    incident = make_draft(user, **overrides)
    for n in range(sources):
        services.add_source(
            user=user,
            incident=incident,
            reason="Source.",
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

"""An incident's account in the reader's language: whole (title, account, damage) while
its translation translates the English as it reads now, else all English (lang="en-GB")
under a line saying since when the translation is being updated. A correction to the
English is a change like any other: the old translation is not shown."""

from __future__ import annotations

from typing import Any

from django.db import models

from incidents.models import Incident
from translations.selectors import (
    Shown,
    fallback_line,
    is_source_language,
    shown,
    with_translation,
)

INCIDENT = "incident"
INCIDENT_FIELDS = ("title", "account", "damage")


class ShownIncident:
    def __init__(self, incident: Incident, translation: Shown):
        self._incident = incident
        self.translation = translation
        for name in INCIDENT_FIELDS:
            setattr(self, name, translation.texts.get(name, getattr(incident, name)))
        self.lang = translation.lang
        self.fallback_line = (
            fallback_line(translation.updating_since) if translation.updating else ""
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._incident, name)

    def __str__(self) -> str:
        return self.title


def incidents_in(queryset: models.QuerySet, *, language: str) -> models.QuerySet:
    return with_translation(queryset, kind=INCIDENT, language=language)


def shown_incident(incident: Incident, *, language: str) -> Incident | ShownIncident:
    if is_source_language(language):
        return incident
    # "Since": its last change, the moment its English (or a correction to it) moved.
    return ShownIncident(
        incident, shown(incident, kind=INCIDENT, language=language, since=incident.updated_at)
    )

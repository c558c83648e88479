"""What a reader of a language is shown: the translation only while it translates the
English the page has just read, else the English and when the translation fell behind.

The translation rides on the query the page already makes (scalar subqueries in the same
SELECT), so a page in any language makes the English page's number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, JSONField, OuterRef, Subquery

from translations import registry
from translations.models import LiveTranslation
from translations.text import fingerprint


class State(StrEnum):
    ENGLISH = "english"  # an English page: nothing to translate
    CURRENT = "current"  # an approved translation of this English
    UNREVIEWED = "unreviewed"  # a launch text of this English no translator has reviewed
    UPDATING = "updating"  # the English moved on (or was never translated): shown in English


@dataclass(frozen=True)
class Shown:
    """One object as the reader sees it: `texts` in `lang`, and why."""

    state: State
    texts: dict[str, str] = field(default_factory=dict)
    # The reader's language, or the source language (BCP 47) where it fell back.
    lang: str = "en-GB"
    # Since when the English has been waiting for a translation (UPDATING only).
    updating_since: datetime | None = None

    @property
    def translated(self) -> bool:
        return self.state in (State.CURRENT, State.UNREVIEWED)

    @property
    def updating(self) -> bool:
        return self.state == State.UPDATING

    @property
    def unreviewed(self) -> bool:
        return self.state == State.UNREVIEWED


def is_source_language(language: str) -> bool:
    return language == settings.LANGUAGE_CODE


def with_translation(qs: models.QuerySet, *, kind: str, language: str) -> models.QuerySet:
    """`qs` with each row's live translation into `language` (no-op in English)."""
    if is_source_language(language):
        return qs
    live = LiveTranslation.objects.filter(kind=kind, language=language, object_id=OuterRef("pk"))
    return qs.annotate(
        _tr=Subquery(live.values("fields")[:1], output_field=JSONField()),
        _tr_reviewed=Subquery(live.values("reviewed")[:1], output_field=BooleanField()),
    )


def shown(obj: models.Model, *, kind: str, language: str, since: datetime | None) -> Shown:
    """The object's text for a reader of `language`, read from the annotations of
    `with_translation` (no query). `since`: when this English went live."""
    english = registry.get(kind).texts(obj)
    if is_source_language(language):
        return Shown(State.ENGLISH, english, "en-GB")
    live = getattr(obj, "_tr", None) or {}
    current = {
        key: live[key]["text"]
        for key, text in english.items()
        if key in live and live[key].get("source_hash") == fingerprint(text)
    }
    # Whole or not at all: per-field showing (explainer sections) is still to come.
    if english and len(current) == len(english):
        state = State.CURRENT if getattr(obj, "_tr_reviewed", False) else State.UNREVIEWED
        return Shown(state, current, language)
    return Shown(State.UPDATING, english, "en-GB", updating_since=since)

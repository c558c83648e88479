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
from django.utils.translation import gettext

from core.uktime import uk_datetime
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


# What an English page's objects carry as their `translation`: nothing to translate.
IN_ENGLISH = Shown(State.ENGLISH)


def as_read_in_english(objects: list) -> list:
    """`objects` on an English page, given the attributes a translated page's wrappers
    carry (`translation`, `lang`, `fallback_line`), so a template shared by every
    language finds them: a missing attribute costs Django's template engine a `dir()` of
    the object each time it is asked for (0.7 ms of the home page's render)."""
    for obj in objects:
        obj.translation = IN_ENGLISH
        obj.lang = ""  # the page's own language: no lang attribute needed
        obj.fallback_line = ""
    return objects


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


@dataclass(frozen=True)
class Piece:
    """One field (or body section) as the reader sees it."""

    text: str
    lang: str  # the reader's language, or "en-GB" where it fell back to the English
    translated: bool
    # The approved rendering of a Markdown translation ("" for plain fields and English).
    html: str = ""


@dataclass(frozen=True)
class ShownFields:
    """An object shown field by field: each field translated while its translation names
    the English the page read, the others in English (a changed section falls back alone)."""

    state: State
    pieces: dict[str, Piece]
    lang: str
    updating_since: datetime | None = None
    # Whether a translator vouched for the translated pieces (launch texts: not yet).
    reviewed: bool = True

    def text(self, key: str, default: str = "") -> str:
        piece = self.pieces.get(key)
        return piece.text if piece else default

    def lang_of(self, key: str) -> str:
        piece = self.pieces.get(key)
        return piece.lang if piece else self.lang

    @property
    def updating(self) -> bool:
        return self.state == State.UPDATING

    @property
    def unreviewed(self) -> bool:
        """Some of what the reader sees is a launch text no translator has reviewed."""
        return not self.reviewed and any(piece.translated for piece in self.pieces.values())

    def fell_back(self, *keys: str) -> bool:
        """Whether any of `keys` is shown in English for want of a current translation."""
        return any(key in self.pieces and not self.pieces[key].translated for key in keys)


def shown_fields(
    obj: models.Model,
    *,
    kind: str,
    language: str,
    since: datetime | None,
    keys: tuple[str, ...] | None = None,
) -> ShownFields:
    """Each field of `obj` for a reader of `language`, from the annotations of
    `with_translation` (no query). `keys`: only these plain fields (a list page that
    loaded only them); `since`: when the English last changed."""
    source_kind = registry.get(kind)
    if keys is None:
        english = source_kind.texts(obj)
    else:
        english = {key: text for key in keys if (text := getattr(obj, key) or "").strip()}
    if is_source_language(language):
        pieces = {key: Piece(text, "en-GB", False) for key, text in english.items()}
        return ShownFields(State.ENGLISH, pieces, "en-GB")
    live = getattr(obj, "_tr", None) or {}
    pieces = {}
    for key, text in english.items():
        found = live.get(key) or {}
        if found.get("source_hash") == fingerprint(text):
            pieces[key] = Piece(found["text"], language, True, found.get("html", ""))
        else:
            pieces[key] = Piece(text, "en-GB", False)
    reviewed = bool(getattr(obj, "_tr_reviewed", False))
    if not all(piece.translated for piece in pieces.values()):
        return ShownFields(State.UPDATING, pieces, language, since, reviewed)
    state = State.CURRENT if reviewed else State.UNREVIEWED
    return ShownFields(state, pieces, language, reviewed=reviewed)


def fallback_line(since: datetime) -> str:
    """The line, in the reader's language, above a part shown in English for want of a
    translation of its current English (an indicator, an explainer section, an incident).
    The verdict's own line, in every catalogue already; a shorter msgid for parts is
    for the catalogues' keepers to add."""
    return gettext(
        "The translation is being updated (since %(when)s). Below is the current answer in English."
    ) % {"when": uk_datetime(since, "j F Y, H:i")}

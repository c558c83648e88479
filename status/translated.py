"""The verdict in the reader's language: its approved translation while that translates
the English verdict in force, else the English with "the translation is being updated".

Verdicts are append-only, so a new English verdict is a new row with no translation yet:
every language shows it in English at once, in the same request cycle as the English page.
"""

from __future__ import annotations

from typing import Any

from status.models import Indicator, Verdict
from translations.selectors import (
    Shown,
    State,
    as_read_in_english,
    fallback_line,
    is_source_language,
    shown,
    with_translation,
)

VERDICT = "verdict"
VERDICT_FIELDS = ("answer", "headline", "summary", "reason", "outlook")


class ShownVerdict:
    """A verdict whose text fields read in the reader's language (never saved: a view of
    the row). `translation` says which language they are in, and why."""

    def __init__(self, verdict: Verdict, translation: Shown):
        self._verdict = verdict
        self.translation = translation
        for name in VERDICT_FIELDS:
            setattr(self, name, translation.texts.get(name, getattr(verdict, name)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._verdict, name)

    def __str__(self) -> str:
        return f"{self.answer}: {self.headline}"


def verdicts_in(queryset, *, language: str):
    """`queryset` (of verdicts) carrying each one's translation into `language`."""
    return with_translation(queryset, kind=VERDICT, language=language)


def shown_verdict(verdict: Verdict, *, language: str) -> ShownVerdict:
    # "Since" is when this English verdict was published: its translation can't be older.
    return ShownVerdict(
        verdict, shown(verdict, kind=VERDICT, language=language, since=verdict.created_at)
    )


def shown_pair(
    verdict: Verdict | None, previous: Verdict | None, *, language: str
) -> tuple[ShownVerdict | None, ShownVerdict | None]:
    """The verdict in force and the one it replaced, as the answer box tells their story:
    in English both, if the verdict in force is shown in English (no mixed box)."""
    if verdict is None:
        return None, None
    current = shown_verdict(verdict, language=language)
    if previous is None:
        return current, None
    if current.translation.translated:
        return current, shown_verdict(previous, language=language)
    english = Shown(State.UPDATING, {}, "en-GB")
    return current, ShownVerdict(previous, english)


INDICATOR = "indicator"
INDICATOR_FIELDS = ("name", "state_label", "note")


class ShownIndicator:
    """An indicator in the reader's language, whole: while any of its texts has changed
    in English since it was translated, all of it is English (no Polish name over an
    English verdict on it), under a line saying since when."""

    def __init__(self, indicator: Indicator, translation: Shown):
        self._indicator = indicator
        self.translation = translation
        for name in INDICATOR_FIELDS:
            setattr(self, name, translation.texts.get(name, getattr(indicator, name)))
        self.lang = translation.lang
        self.fallback_line = (
            fallback_line(translation.updating_since) if translation.updating else ""
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._indicator, name)

    def __str__(self) -> str:
        return self.name


def indicators_in(queryset, *, language: str):
    return with_translation(queryset, kind=INDICATOR, language=language)


def shown_indicators(indicators, *, language: str) -> list:
    if is_source_language(language):
        return as_read_in_english(list(indicators))
    # "Since": the indicator's last change, the moment its English last moved.
    return [
        ShownIndicator(i, shown(i, kind=INDICATOR, language=language, since=i.updated_at))
        for i in indicators
    ]

"""An explainer, or a FAQ answer, in the reader's language, section by section.

Each body section shows its translation while that translates the section's English as
it reads now, else the English (lang="en-GB") under a line in the reader's language
saying since when the translation is being updated. Translated headings keep the English
anchors, so links into a page land on the same section in every language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from explainers.apps import EXPLAINER, QUESTION
from explainers.models import Explainer, Question
from explainers.sections import body_sections
from explainers.toc import table_of_contents
from translations.anchors import keep_anchors
from translations.selectors import (
    ShownFields,
    as_read_in_english,
    fallback_line,
    is_source_language,
    shown_fields,
    with_translation,
)
from translations.text import section_key


def _english(html: str, since: datetime) -> str:
    return format_html(
        '<p class="translation-note">{}</p>\n<div lang="en-GB">{}</div>',
        fallback_line(since),
        mark_safe(html),  # noqa: S308 (stored HTML, made by the one sanitiser)
    )


class ShownExplainer:
    """An explainer read in the reader's language (a view of the row, never saved)."""

    def __init__(self, explainer: Explainer, translation: ShownFields):
        self._explainer = explainer
        self.translation = translation
        self.title = translation.text("title", explainer.title)
        self.summary = translation.text("summary", explainer.summary)
        self.title_lang = translation.lang_of("title")
        self.summary_lang = translation.lang_of("summary")
        self.body_html = self._body()
        self.toc = table_of_contents(self.body_html)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._explainer, name)

    def __str__(self) -> str:
        return self.title

    def _body(self) -> SafeString:
        explainer = self._explainer
        sections = explainer.body_sections or []
        joined = "".join(section["html"] for section in sections)
        if joined.strip() != (explainer.body_html or "").strip():
            # Sections out of step with the body (written around the service): cut them
            # now; the English read here is what the page compares translations with.
            sections = body_sections(
                explainer.body, explainer.body_html, previous=[], now=explainer.updated_at
            )
        parts = []
        for section in sections:
            piece = self.translation.pieces.get(section_key(section["source"]))
            if piece is not None and piece.translated:
                parts.append(keep_anchors(piece.html, section["html"]))
            else:
                since = parse_datetime(section["since"]) or explainer.updated_at
                parts.append(_english(section["html"], since))
        return mark_safe("\n".join(parts))  # noqa: S308 (sanitised parts, escaped lines)

    @property
    def heading_line(self) -> str:
        """The line under a title or summary shown in English for want of a translation."""
        if self.translation.fell_back("title", "summary"):
            return fallback_line(self._explainer.updated_at)
        return ""


def explainers_in(queryset: models.QuerySet, *, language: str) -> models.QuerySet:
    return with_translation(queryset, kind=EXPLAINER, language=language)


def shown_explainer(explainer: Explainer, *, language: str) -> Explainer | ShownExplainer:
    if is_source_language(language):
        return explainer
    return ShownExplainer(
        explainer,
        shown_fields(explainer, kind=EXPLAINER, language=language, since=explainer.updated_at),
    )


class ShownQuestion:
    """A FAQ question and its answer in the reader's language, or in English with the line."""

    def __init__(self, question: Question, translation: ShownFields):
        self._question = question
        self.translation = translation
        self.question = translation.text("question", question.question)
        self.question_lang = translation.lang_of("question")
        answer = translation.pieces.get("answer")
        if answer is not None and answer.translated:
            self.answer_html = mark_safe(keep_anchors(answer.html, question.answer_html))  # noqa: S308
        else:
            self.answer_html = _english(question.answer_html, question.updated_at)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._question, name)

    def __str__(self) -> str:
        return self.question


def questions_in(queryset: models.QuerySet, *, language: str) -> models.QuerySet:
    return with_translation(queryset, kind=QUESTION, language=language)


def shown_question(question: Question, *, language: str) -> Question | ShownQuestion:
    if is_source_language(language):
        return question
    return ShownQuestion(
        question,
        shown_fields(question, kind=QUESTION, language=language, since=question.updated_at),
    )


class ListedExplainer:
    """An explainer as a list shows it: its title and summary translated while current,
    else in English (lang="en-GB"); the page itself carries the line."""

    def __init__(self, explainer: Explainer, translation: ShownFields):
        self._explainer = explainer
        self.title = translation.text("title", explainer.title)
        self.summary = translation.text("summary", explainer.summary)
        self.lang = "en-GB" if translation.fell_back("title", "summary") else translation.lang
        self.unreviewed = translation.unreviewed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._explainer, name)

    def __str__(self) -> str:
        return self.title


def listed_explainers(explainers, *, language: str) -> list:
    """`explainers` (read through `explainers_in`) for a list in `language`; only their
    title and summary are read, so a list that loaded only those makes no more queries."""
    if is_source_language(language):
        return as_read_in_english(list(explainers))
    return [
        ListedExplainer(
            e,
            shown_fields(
                e, kind=EXPLAINER, language=language, since=None, keys=("title", "summary")
            ),
        )
        for e in explainers
    ]

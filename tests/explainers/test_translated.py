"""Explainers and FAQ answers in the reader's language, section by section (issue 36).

A section's translation is named by the fingerprint of its English: an edit sends only
that section back to English (with a line saying since when the translation is being
updated); a moved section keeps its translation; translated headings keep the English
anchors, so links into a page land on the same section in every language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from explainers import services
from explainers.apps import EXPLAINER, QUESTION
from explainers.models import Explainer, ExplainerState
from tests.explainers.conftest import SOURCED
from tests.factories import make_user
from translations import services as translations
from translations.apps import translator_role
from translations.models import SourceVersion

pytestmark = pytest.mark.django_db

SAYS = "## What it says\n\nAn attack on one is an attack on all."
ONCE = "## Invoked once\n\nOnly after 11 September 2001."
WHERE = "## Where it applies\n\nIn Europe and North America."
POLISH = {
    "Article 5 explained": "Art. 5 wyjaśniony",
    "The clause.": "Klauzula.",
    SAYS: "## Co mówi\n\nAtak na jednego jest atakiem na wszystkich.",
    ONCE: "## Uruchomiony raz\n\nTylko po 11 września 2001.",
    WHERE: "## Gdzie obowiązuje\n\nW Europie i Ameryce Północnej.",
}
# The "being updated" line in Polish, up to where the date goes in.
LINE = "Tłumaczenie jest aktualizowane (od "


def _explainer(body: str) -> Explainer:
    return services.save_explainer(
        user=None,
        slug="article-5",
        title="Article 5 explained",
        summary="The clause.",
        body=body,
        state=ExplainerState.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
        **SOURCED,
    )


def _edit(explainer: Explainer, body: str) -> Explainer:
    return services.save_explainer(
        user=None, explainer=explainer, expected_version=explainer.version, body=body
    )


def _translate(kind: str, obj, by_english: dict[str, str], language: str = "pl") -> None:
    """A translator's text for each English text (found by its words, not its key)."""
    source = SourceVersion.objects.filter(kind=kind, object_id=obj.pk).latest("version")
    user = make_user(f"tr-{language}-{source.pk}", role=translator_role(language))
    texts = {key: by_english[text] for key, text in source.texts.items() if text in by_english}
    translations.submit_translation(
        user=user,
        kind=kind,
        object_id=obj.pk,
        language=language,
        texts=texts,
        seen_version=source.version,
    )


def _page(client, path: str = "/pl/explainers/article-5/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_only_the_changed_section_falls_back_to_english(client):
    explainer = _explainer(f"{SAYS}\n\n{ONCE}\n\n{WHERE}")
    _translate(EXPLAINER, explainer, POLISH)
    page = _page(client)
    assert "Atak na jednego" in page and "Tylko po 11 września" in page and LINE not in page
    _edit(explainer, f"{SAYS}\n\n## Invoked once\n\nOnly once, on 12 September 2001.\n\n{WHERE}")
    page = _page(client)
    assert "Art. 5 wyjaśniony" in page  # the title did not change
    assert "Atak na jednego" in page and "W Europie i Ameryce" in page
    assert "Tylko po 11 września" not in page  # a translation of older English
    changed = re.search(
        r'<p class="translation-note">([^<]*)</p>\s*<div lang="en-GB">(.*?)</div>', page, re.S
    )
    assert changed is not None and LINE in changed.group(1)
    assert "Only once, on 12 September 2001." in changed.group(2)
    assert page.count(LINE) == 1
    # English readers see the English, with no line.
    english = _page(client, "/explainers/article-5/")
    assert "Only once, on 12 September 2001." in english and LINE not in english


def test_a_moved_section_keeps_its_translation(client):
    explainer = _explainer(f"{SAYS}\n\n{ONCE}\n\n{WHERE}")
    _translate(EXPLAINER, explainer, POLISH)
    _edit(explainer, f"{WHERE}\n\n{SAYS}\n\n{ONCE}")
    page = _page(client)
    assert LINE not in page
    order = [page.index(text) for text in ("W Europie", "Atak na jednego", "Tylko po 11")]
    assert order == sorted(order)


def test_translated_headings_keep_english_anchors(client):
    explainer = _explainer(f"{SAYS}\n\n{ONCE}")
    _translate(EXPLAINER, explainer, POLISH)
    page = _page(client)
    assert '<h2 id="sec-what-it-says">Co mówi</h2>' in page
    assert '<h2 id="sec-invoked-once">Uruchomiony raz</h2>' in page
    assert '<a href="#sec-what-it-says">Co mówi</a>' in page  # the contents, in Polish
    assert "sec-co-mowi" not in page


def test_an_untranslated_page_is_english_with_the_line_and_lang(client):
    _explainer(f"{SAYS}\n\n{ONCE}")
    page = _page(client)
    assert '<h1 lang="en-GB">Article 5 explained</h1>' in page
    assert page.count('<div lang="en-GB">') == 2


def test_a_changed_faq_answer_falls_back_to_english(client):
    question = services.save_question(
        user=None,
        slug="war",
        question="Is NATO at war?",
        answer="No.",
        published=True,
        **SOURCED,
    )
    _translate(QUESTION, question, {"Is NATO at war?": "Czy NATO walczy?", "No.": "Nie."})
    page = _page(client, "/pl/faq/")
    assert "Czy NATO walczy?" in page and "<p>Nie.</p>" in page and LINE not in page
    services.save_question(
        user=None, item=question, expected_version=question.version, answer="Not at war."
    )
    page = _page(client, "/pl/faq/")
    assert "Czy NATO walczy?" in page and "<p>Nie.</p>" not in page
    assert LINE in page and "Not at war." in page


def test_a_translator_of_another_language_changes_nothing_here(client):
    explainer = _explainer(SAYS)
    _translate(EXPLAINER, explainer, POLISH, language="et")
    assert "Co mówi" not in _page(client) and "Co mówi" in _page(
        client, "/et/explainers/article-5/"
    )

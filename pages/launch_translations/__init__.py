"""Launch translations: the verdict box, the triggers and the Article 5 and Article 4
explainers in every site language, written by the team from the launch English.

Loaded as "not yet reviewed" (readers see that mark) until a translator of the language
reviews them, and only where the English still reads as it did when they were written:
each text names the fingerprint of its English, so a text for English edited since is
not loaded (readers get the English, with the line saying the translation is coming).
"""

from __future__ import annotations

from django.conf import settings

from explainers.apps import EXPLAINER
from explainers.models import Explainer
from pages.launch_translations import article4, article5, triggers, verdict
from status.models import Indicator
from status.translated import INDICATOR
from translations.models import LiveTranslation
from translations.services import load_launch_translation
from translations.text import SECTION_PREFIX


def _load_one(kind: str, obj, texts: dict, written_for: dict, label: str) -> list[str]:
    created = []
    for code in settings.SITE_LANGUAGES:
        if code not in texts:
            continue
        if LiveTranslation.objects.filter(kind=kind, object_id=obj.pk, language=code).exists():
            continue  # translated already: a translator's text is never overwritten
        live = load_launch_translation(
            kind=kind,
            object_id=obj.pk,
            language=code,
            texts=texts[code],
            written_for=written_for,
        )
        if live is not None:
            created.append(f"{label} ({code}, not yet reviewed)")
    return created


def _explainer(module) -> list[str]:
    explainer = Explainer.objects.filter(slug=module.SLUG).first()
    if explainer is None:
        return []
    # A section's key is its English's fingerprint: the one written for names it.
    sections = [SECTION_PREFIX + start for start in module.WRITTEN_FOR["sections"]]
    written_for = {
        "title": module.WRITTEN_FOR["title"],
        "summary": module.WRITTEN_FOR["summary"],
    } | dict(zip(sections, module.WRITTEN_FOR["sections"], strict=True))
    texts = {
        code: {"title": text["title"], "summary": text["summary"]}
        | dict(zip(sections, text["sections"], strict=True))
        for code, text in module.TEXTS.items()
    }
    return _load_one(EXPLAINER, explainer, texts, written_for, f"explainer {module.SLUG}")


def _triggers() -> list[str]:
    created = []
    for indicator in Indicator.objects.filter(key__in=triggers.WRITTEN_FOR):
        texts = {code: found[indicator.key] for code, found in triggers.TRIGGERS.items()}
        written_for = triggers.WRITTEN_FOR[indicator.key]
        created += _load_one(INDICATOR, indicator, texts, written_for, f"trigger {indicator.key}")
    return created


def load() -> list[str]:
    """Load each launch text the site has no translation of yet, for English unchanged."""
    return verdict.load() + _triggers() + _explainer(article5) + _explainer(article4)

"""/translations/ (and /pl/translations/, ...): for each language, what readers are shown
in English while its translation is updated, and since when; and what is shown
translated but not yet reviewed. The same backlog the staff dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from core.i18n import TRANSLATED
from core.pagecache.surrogate import keys_for_change
from translations import backlog, registry


def page_keys() -> tuple[str, ...]:
    """The content the page shows: every translatable kind's English (whose change puts
    a language behind) and the translations (whose approval catches it up)."""
    keys = {TRANSLATED}
    for kind in registry.KINDS.values():
        meta = kind.model._meta
        keys |= keys_for_change(
            app_label=meta.app_label, model=meta.model_name, object_id=None, public=False
        )
    return tuple(sorted(keys))


@dataclass(frozen=True)
class Row:
    label: str
    url: str
    since: datetime | None


@dataclass(frozen=True)
class Section:
    code: str
    bcp47: str
    name: str  # in its own language
    waiting: list[Row]
    unreviewed: list[Row]


def status_page(request: HttpRequest) -> HttpResponse:
    lags = backlog.lag()
    names = backlog.labels(
        {(w.kind, w.object_id) for lag in lags for w in lag.waiting}
        | {pair for lag in lags for pair in lag.unreviewed}
    )

    def row(kind: str, object_id: int, since: datetime | None = None) -> Row:
        name = names.get((kind, object_id))
        if name is None:  # deleted since: nothing of it is shown
            return Row(f"{kind} {object_id}", "", since)
        return Row(f"{name.kind_name.capitalize()}: {name.text}", name.url, since)

    sections = [
        Section(
            code=lag.language,
            bcp47=translation.to_language(lag.language),
            name=LANG_INFO[lag.language]["name_local"],
            waiting=[row(w.kind, w.object_id, w.since) for w in lag.waiting],
            unreviewed=[row(*pair) for pair in lag.unreviewed],
        )
        for lag in lags
        if lag.language in settings.SITE_LANGUAGES
    ]
    return render(request, "translations/status.html", {"sections": sections})

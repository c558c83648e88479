"""Verdict entries of the updates feed in the reader's language (audit.syndication asks).

An entry about a verdict shows that verdict's approved translation; the verdict in force,
while its translation is being updated, stays English with a line in the reader's
language saying so and since when. Older untranslated verdicts stay English.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext

from audit.models import Action, AuditEntry
from audit.syndication import EntryText
from core.uktime import uk_datetime
from status.models import Verdict
from status.translated import shown_verdict, verdicts_in


def verdict_entry_texts(entries: list[AuditEntry], language: str) -> dict[int, EntryText]:
    verdict_type = ContentType.objects.get_for_model(Verdict)
    wanted = {
        entry.pk: int(entry.object_id)
        for entry in entries
        if entry.content_type_id == verdict_type.pk
        and entry.action == Action.VERDICT_CHANGED
        and (entry.object_id or "").isdigit()
    }
    if not wanted:
        return {}
    found = Verdict.objects.filter(pk__in=set(wanted.values()))
    verdicts = {v.pk: v for v in verdicts_in(found, language=language)}
    newest = max(verdicts.values(), key=lambda v: (v.effective_at, v.pk), default=None)
    texts = {}
    for entry in entries:
        verdict = verdicts.get(wanted.get(entry.pk))
        if verdict is None:
            continue
        shown = shown_verdict(verdict, language=language)
        if shown.translation.translated:
            title = gettext("Verdict: “%(answer)s” (%(state)s).") % {
                "answer": shown.answer,
                "state": verdict.get_state_display(),
            }
            description = shown.reason or shown.headline
            if shown.translation.unreviewed:
                description = f"{description}\n\n({gettext('Translation not yet reviewed')})"
            texts[entry.pk] = EntryText(title, description, language)
        elif verdict is newest:
            line = updating_line(shown.translation.updating_since)
            texts[entry.pk] = EntryText("", f"{line}\n\n{entry.note or entry.summary}", "en-GB")
    return texts


def updating_line(since) -> str:
    return gettext(
        "The translation is being updated (since %(when)s). Below is the current answer in English."
    ) % {"when": uk_datetime(since, "UK_SHORT_DATETIME_FORMAT")}

"""What a language's translators are sent: a unit per English field readers get in
English, pre-filled with the submission awaiting approval, or else (marked unfinished)
with the translation of the previous English."""

from __future__ import annotations

from core.uktime import uk_datetime
from translations import backlog
from translations.exchange import Unit, unit_id
from translations.models import LiveTranslation, Submission, SubmissionStatus


def units_to_translate(language: str) -> list[Unit]:
    condition = backlog.in_use()
    versions = backlog.versions_of(condition, with_texts=True)
    live = {
        (row.kind, row.object_id): row
        for row in LiveTranslation.objects.filter(condition, language=language)
    }
    waiting = [
        found
        for (kind, object_id), history in versions.items()
        if (found := backlog.compare(history, live.get((kind, object_id)), language))
    ]
    current = [w.version.pk for w in waiting]
    awaiting: dict[int, dict[str, str]] = {}
    for submission in Submission.objects.filter(
        source_version__in=current, language=language, status=SubmissionStatus.SUBMITTED
    ).order_by("submitted_at", "pk"):
        awaiting[submission.source_version_id] = submission.texts  # the newest wins
    names = backlog.labels((w.kind, w.object_id) for w in waiting)
    units = []
    for item in sorted(waiting, key=lambda w: (w.kind, w.object_id)):
        history = versions[(item.kind, item.object_id)]
        row = live.get((item.kind, item.object_id))
        name = names.get((item.kind, item.object_id))
        note = (
            f"{name.kind_name if name else item.kind}: {name.text if name else item.object_id}"
            f" (English version {item.version.version}, in English since "
            f"{uk_datetime(item.since)})"
        )
        pending = awaiting.get(item.version.pk, {})
        for key in item.fields:
            before = backlog.last_translated(history, row, key)
            if key in pending:
                translation, ready = pending[key], True
            elif before is not None:
                translation, ready = row.fields[key]["text"], False
            else:
                translation, ready = "", True
            units.append(
                Unit(
                    id=unit_id(
                        kind=item.kind,
                        object_id=item.object_id,
                        key=key,
                        digest=item.version.hashes[key],
                    ),
                    english=item.version.texts[key],
                    translation=translation,
                    ready=ready,
                    previous_english=before.texts.get(key, "") if before else "",
                    note=note,
                )
            )
    return units

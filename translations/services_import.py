"""Importing a PO or XLIFF file: each object's finished entries become one submission,
through the same permission and four-eyes rules as the form.

An entry translating English that has changed since the export is kept, against the
English version it names, but never shown (a translation is shown only while it
translates the English readers get). Unfinished entries (fuzzy, `needs-*`) and entries
identical to what is live or already awaiting approval create nothing, so importing a
file exactly as it was exported changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.admin_actions import REFUSALS, in_words
from core.permissions import require
from translations import registry, services
from translations.apps import translate_permission
from translations.exchange import Unit, UnitId, parse_unit_id
from translations.models import (
    LiveTranslation,
    SourceVersion,
    Submission,
    SubmissionStatus,
)
from translations.text import fingerprint


@dataclass
class ImportReport:
    submitted: list[str] = field(default_factory=list)  # awaiting a second translator
    published: list[str] = field(default_factory=list)  # live at once (no four eyes)
    saved_not_shown: list[str] = field(default_factory=list)  # the English moved on
    unchanged: int = 0  # identical to what is live or awaiting approval, or empty
    unfinished: int = 0  # fuzzy or needs-*: never imported
    problems: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.submitted) + len(self.published) + len(self.saved_not_shown)


def import_units(*, user: Any, language: str, units: list[Unit], origin: str) -> ImportReport:
    """Import one file's units into `language`, in one transaction."""
    services._language(language)
    require(user, translate_permission(language), f"import translations into {language}")
    report = ImportReport()
    by_object: dict[tuple[str, int], list[tuple[UnitId, Unit]]] = defaultdict(list)
    for unit in units:
        if not unit.ready:
            report.unfinished += 1
            continue
        if not unit.translation.strip():
            report.unchanged += 1
            continue
        named = parse_unit_id(unit.id)
        if named is None or named.kind not in registry.KINDS:
            report.problems.append(f"{unit.id or '(no id)'}: not an entry this site exported.")
            continue
        by_object[(named.kind, named.object_id)].append((named, unit))
    with transaction.atomic():
        for (kind, object_id), entries in sorted(by_object.items()):
            _import_object(user, language, kind, object_id, entries, origin, report)
    return report


def _import_object(user, language, kind, object_id, entries, origin, report) -> None:
    label = f"{kind} {object_id}"
    source_kind = registry.get(kind)
    try:
        obj = source_kind.model._default_manager.get(pk=object_id)
    except ObjectDoesNotExist:
        report.problems.append(f"{label}: it no longer exists.")
        return
    current = services.record_source(kind=kind, obj=obj)
    versions = list(
        SourceVersion.objects.filter(kind=kind, object_id=object_id).order_by("-version")
    )
    live = LiveTranslation.objects.filter(kind=kind, object_id=object_id, language=language).first()
    live_fields = live.fields if live else {}
    by_version: dict[SourceVersion, dict[str, str]] = defaultdict(dict)
    for named, unit in entries:
        version = next(
            (v for v in versions if v.hashes.get(named.key, "").startswith(named.hash)), None
        )
        if version is None or fingerprint(unit.english) != version.hashes[named.key]:
            report.problems.append(
                f"{unit.id}: its English is not any version of this {kind}'s English."
            )
            continue
        text = unit.translation.strip()
        shown = live_fields.get(named.key, {})
        if shown.get("source_hash") == version.hashes[named.key] and shown.get("text") == text:
            report.unchanged += 1
            continue
        by_version[version][named.key] = text
    for version, texts in sorted(by_version.items(), key=lambda pair: pair[0].version):
        if _already(version, language, texts, stale=version.pk != current.pk):
            report.unchanged += len(texts)
            continue
        if version.pk == current.pk:
            _submit_current(
                user, language, source_kind, current, texts, live_fields, origin, report
            )
        else:
            _keep_stale(user, language, version, texts, origin)
            report.saved_not_shown.append(
                f"{label} (English version {version.version}; the English is now version "
                f"{current.version}): saved, not shown: the English changed."
            )


def _already(version: SourceVersion, language: str, texts: dict[str, str], *, stale: bool) -> bool:
    """Whether a submission awaiting approval (or, for English that has moved on, one
    kept from an earlier import) already says exactly this."""
    statuses = [SubmissionStatus.SUBMITTED] + ([SubmissionStatus.SUPERSEDED] if stale else [])
    waiting = Submission.objects.filter(
        source_version=version, language=language, status__in=statuses
    ).values_list("texts", flat=True)
    return any(all(found.get(key) == text for key, text in texts.items()) for found in waiting)


def _submit_current(user, language, source_kind, current, texts, live_fields, origin, report):
    label = f"{source_kind.name} {current.object_id}"
    if source_kind.whole:
        # The box is shown whole: fields the file leaves out keep their current translation.
        for key, digest in current.hashes.items():
            kept = live_fields.get(key, {})
            if key not in texts and kept.get("source_hash") == digest:
                texts[key] = kept["text"]
    try:
        with transaction.atomic():
            submission = services.submit_translation(
                user=user,
                kind=source_kind.name,
                object_id=current.object_id,
                language=language,
                texts=texts,
                seen_version=current.version,
                origin=origin,
            )
    except REFUSALS as refusal:
        report.problems.append(f"{label}: {in_words(refusal)}")
        return
    submission.refresh_from_db(fields=["status"])
    if submission.status == SubmissionStatus.SUBMITTED:
        report.submitted.append(label)
    else:
        report.published.append(label)


def _keep_stale(user, language, version, texts, origin) -> Submission:
    """Kept for the record against the English it translates, superseded by that
    English's change: readers never see it, and nobody is asked to approve it."""
    submission = Submission.objects.create(
        source_version=version,
        language=language,
        texts=texts,
        status=SubmissionStatus.SUPERSEDED,
        origin=origin,
        translated_by=user if getattr(user, "pk", None) else None,
        submitted_at=timezone.now(),
    )
    audit.record(
        actor=user,
        action=Action.CREATED,
        obj=submission,
        summary=(
            f"Translation into {language} imported for {version}: saved, not shown, "
            "the English changed since."
        ),
    )
    return submission

"""Every write of a translation: the English it translates, submissions, approvals.

Each service is keyword-only, runs in one transaction and writes its audit entry in it.
Four-eyes kinds (the verdict) need a second translator of the same language: the one
who translated can never approve, a superuser included.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.concurrency import StaleEdit
from core.db_locks import hold_for_transaction
from core.permissions import require
from core.sanitize import render_markdown
from core.text import single_line_errors
from translations import registry
from translations.apps import translate_permission
from translations.models import (
    LiveTranslation,
    Origin,
    SourceVersion,
    Submission,
    SubmissionStatus,
)
from translations.text import fingerprint


def record_source(*, kind: str, obj: models.Model) -> SourceVersion:
    """The English of `obj` as it is now, recorded once per version; called by the owning
    app's service inside its own transaction (its audit entry is the record of the change)."""
    texts = registry.get(kind).texts(obj)
    newest = SourceVersion.objects.filter(kind=kind, object_id=obj.pk).order_by("-version").first()
    if newest is not None and newest.texts == texts:
        return newest
    return SourceVersion.objects.create(
        kind=kind,
        object_id=obj.pk,
        version=newest.version + 1 if newest else 1,
        texts=texts,
        hashes={key: fingerprint(text) for key, text in texts.items()},
        created_at=timezone.now(),
    )


def _holds_one_line(model: type[models.Model], key: str) -> bool:
    """Whether `key` is a one-line field of the English (a CharField: a title, a name), whose
    translation must be one line too; a text block or a section key is not."""
    try:
        return isinstance(model._meta.get_field(key), models.CharField)
    except FieldDoesNotExist:
        return False


def _language(language: str) -> str:
    if language not in settings.SITE_LANGUAGES:
        raise ValidationError(f"{language!r} is not one of the site's languages.")
    return language


def submit_translation(
    *,
    user: Any,
    kind: str,
    object_id: int,
    language: str,
    texts: dict[str, str],
    seen_version: int,
    origin: str = Origin.FORM,
) -> Submission:
    """A translator's text for the English version they were shown (`seen_version`),
    typed in the form or imported from a PO or XLIFF file (`origin`).

    Four-eyes kinds wait for another translator of the language; others go live at once.
    """
    _language(language)
    require(user, translate_permission(language), f"translate into {language}")
    source_kind = registry.get(kind)
    with transaction.atomic():
        obj = source_kind.model.objects.select_for_update().get(pk=object_id)
        current = record_source(kind=kind, obj=obj)
        if current.version != seen_version:
            raise StaleEdit(
                obj,
                "The English changed after you opened the form: nothing was saved. "
                "Translate the new English.",
            )
        cleaned = {key: text.strip() for key, text in texts.items() if text.strip()}
        if errors := single_line_errors(
            **{k: t for k, t in cleaned.items() if _holds_one_line(source_kind.model, k)}
        ):
            raise ValidationError(errors)
        unknown = sorted(set(cleaned) - set(current.texts))
        missing = sorted(set(current.texts) - set(cleaned)) if source_kind.whole else []
        if unknown or missing:
            raise ValidationError(
                {key: "The English has no such text." for key in unknown}
                | {
                    key: "Translate this too: the box is shown whole or not at all."
                    for key in missing
                }
            )
        submission = Submission.objects.create(
            source_version=current,
            language=language,
            texts=cleaned,
            status=SubmissionStatus.SUBMITTED,
            origin=origin,
            translated_by=user if getattr(user, "pk", None) else None,
            submitted_at=timezone.now(),
        )
        audit.record(
            actor=user,
            action=Action.CREATED,
            obj=submission,
            summary=f"Translation into {language} submitted for {current}.",
        )
        if not source_kind.four_eyes():
            _publish(submission, approver=user)
    return submission


def approve_translation(*, user: Any, submission: Submission) -> LiveTranslation:
    """Make a submitted translation what readers see; a second translator for four-eyes kinds."""
    require(user, translate_permission(submission.language), "approve this translation")
    with transaction.atomic():
        pending = Submission.objects.select_for_update().select_related("source_version")
        submission = pending.get(pk=submission.pk)
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(f"This translation is {submission.get_status_display()} already.")
        kind = registry.get(submission.source_version.kind)
        if kind.four_eyes() and submission.translated_by_id == getattr(user, "pk", None):
            raise PermissionDenied(
                "You translated this: another translator of the language must approve it."
            )
        if not _still_matches(submission):
            raise ValidationError(
                "The English changed after this was translated: approving it would show "
                "nothing. Translate the new English instead."
            )
        live = _publish(submission, approver=user)
        audit.record(
            actor=user,
            action=Action.APPROVED,
            obj=live,
            summary=f"Translation into {submission.language} approved for {submission.source_version}.",
        )
    return live


def _still_matches(submission: Submission) -> bool:
    """Whether any of the submission's texts translates the English as it is now."""
    source = submission.source_version
    newest = (
        SourceVersion.objects.filter(kind=source.kind, object_id=source.object_id)
        .order_by("-version")
        .only("hashes")
        .first()
    )
    return any(newest.hashes.get(key) == source.hashes.get(key) for key in submission.texts)


def reject_translation(*, user: Any, submission: Submission, comment: str) -> Submission:
    require(user, translate_permission(submission.language), "reject this translation")
    if not comment.strip():
        raise ValidationError({"comment": "Say why, so the translator can put it right."})
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(f"This translation is {submission.get_status_display()} already.")
        submission.status = SubmissionStatus.REJECTED
        submission.decided_by = user if getattr(user, "pk", None) else None
        submission.decided_at = timezone.now()
        submission.decision_comment = comment.strip()
        submission.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        audit.record(
            actor=user,
            action=Action.REJECTED,
            obj=submission,
            summary=f"Translation into {submission.language} rejected.",
            note=comment.strip(),
        )
    return submission


def load_launch_translation(
    *,
    kind: str,
    object_id: int,
    language: str,
    texts: dict[str, str],
    written_for: dict[str, str] | None = None,
) -> LiveTranslation | None:
    """The system's launch text, shown as "not yet reviewed" until a translator reviews it.
    Nothing is loaded for English that has changed since the text was written.

    `written_for`: the fingerprint (or its start) of the English each text was written
    for; a text whose English has since changed is left out, the rest load (for a kind
    shown whole, nothing loads unless every text does)."""
    _language(language)
    source_kind = registry.get(kind)
    with transaction.atomic():
        obj = source_kind.model.objects.get(pk=object_id)
        current = record_source(kind=kind, obj=obj)
        if written_for is not None:
            texts = {
                key: text
                for key, text in texts.items()
                if key in current.hashes
                and written_for.get(key)
                and current.hashes[key].startswith(written_for[key])
            }
        if not texts or not set(texts) <= set(current.texts):
            return None  # written for other English: readers get the English, with the line
        if source_kind.whole and set(texts) != set(current.texts):
            return None
        submission = Submission.objects.create(
            source_version=current,
            language=language,
            texts=texts,
            status=SubmissionStatus.SUBMITTED,
            origin=Origin.LAUNCH,
            submitted_at=timezone.now(),
        )
        live = _publish(submission, approver=None)
        audit.record(
            actor=None,
            action=Action.CREATED,
            obj=live,
            summary=f"Launch translation into {language} loaded (not yet reviewed).",
        )
    return live


def review_launch_translation(*, user: Any, live: LiveTranslation) -> LiveTranslation:
    """A translator of the language vouches for a launch text no person translated."""
    require(user, translate_permission(live.language), "review this translation")
    with transaction.atomic():
        live = LiveTranslation.objects.select_for_update().get(pk=live.pk)
        if live.reviewed:
            raise ValidationError("This translation has been reviewed already.")
        live.reviewed = True
        live.approved_by = user if getattr(user, "pk", None) else None
        live.approved_at = timezone.now()
        live.save(update_fields=["reviewed", "approved_by", "approved_at"])
        audit.record(
            actor=user,
            action=Action.APPROVED,
            obj=live,
            summary=f"Launch translation into {live.language} reviewed.",
        )
    return live


def _publish(submission: Submission, *, approver: Any) -> LiveTranslation:
    """Merge an approved submission into what readers see (no audit entry of its own)."""
    source = submission.source_version
    hold_for_transaction(f"tr:{source.kind}:{source.object_id}:{submission.language}")
    now = timezone.now()
    live, _ = LiveTranslation.objects.get_or_create(
        kind=source.kind,
        object_id=source.object_id,
        language=submission.language,
        defaults={"updated_at": now},
    )
    kind = registry.get(source.kind)
    live.fields = {
        **live.fields,
        **{
            key: {
                "text": text,
                # Markdown is rendered once, here, by the one sanitiser; pages show this.
                **({"html": render_markdown(text)} if kind.is_markdown(key) else {}),
                "source_hash": source.hashes[key],
                "submission": submission.pk,
            }
            for key, text in submission.texts.items()
        },
    }
    person = approver if getattr(approver, "pk", None) else None
    live.reviewed = person is not None
    live.approved_by = person
    live.approved_at = now if person is not None else None
    live.updated_at = now
    live.save()
    Submission.objects.filter(
        source_version__kind=source.kind,
        source_version__object_id=source.object_id,
        language=submission.language,
        status__in=[SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED],
    ).exclude(pk=submission.pk).filter(submitted_at__lte=submission.submitted_at).update(
        status=SubmissionStatus.SUPERSEDED
    )
    submission.status = SubmissionStatus.APPROVED
    submission.decided_by = person
    submission.decided_at = now
    submission.save(update_fields=["status", "decided_by", "decided_at"])
    return live

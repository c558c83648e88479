"""Every write to explainers and the FAQ: one transaction each, audit entry included.

Pages keep every saved revision and their old slugs; a page scheduled to go live or to
come down is announced when its time comes (the beat runs `publish_due`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.hooks import not_news
from audit.models import Action
from core.concurrency import lock_for_edit
from core.permissions import require
from core.sanitize import render_markdown
from core.text import single_line_errors
from core.uktime import uk_datetime
from explainers.apps import EXPLAINER, QUESTION
from explainers.models import Explainer, ExplainerState, Question, Revision, SlugRedirect
from explainers.sections import body_sections
from explainers.toc import table_of_contents
from news import services_sources
from translations.services import record_source

EXPLAINER_FIELDS = (
    "slug",
    "title",
    "summary",
    "body",
    "state",
    "publish_at",
    "unpublish_at",
    "order",
    "accurate_as_of",
)
QUESTION_FIELDS = (
    "group",
    "group_order",
    "slug",
    "question",
    "answer",
    "order",
    "published",
    "accurate_as_of",
)


def _save_sources(
    claim: Explainer | Question, sources: list[dict] | None, *, claim_words: str, publishing: bool
) -> dict[str, list]:
    """Set the claim's sources (None: keep them) and hold it to the publishing rule: a
    published page or answer has a source readers can open from a primary source or a
    reputable outlet. The audit's change of sources, if any."""
    before = services_sources.as_json(services_sources.source_rows(claim))
    if sources is None:
        tidy = services_sources.clean_sources(
            services_sources.source_rows(claim), claim=claim_words
        )
    else:
        tidy = services_sources.clean_sources(sources, claim=claim_words)
    if publishing:
        services_sources.refuse_unsourced(tidy, claim=claim_words)
    newest = max((s["published_on"] for s in tidy if s["published_on"]), default=None)
    if claim.accurate_as_of and newest and claim.accurate_as_of < newest:
        # Nobody checked a text against a source that was not yet published.
        raise ValidationError(
            {
                "accurate_as_of": f"{claim_words} cannot be accurate as of "
                f"{claim.accurate_as_of:%-d %B %Y}: its newest source was published on "
                f"{newest:%-d %B %Y}. Check it against that source and give the day you did."
            }
        )
    if sources is None:
        return {}
    services_sources.set_sources(claim=claim, sources=tidy)
    after = services_sources.as_json(tidy)
    return {"sources": [before, after]} if after != before else {}


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def check_schedule(*, publish_at: datetime | None, unpublish_at: datetime | None) -> dict:
    """The schedule rule, shared with the admin form so a bad schedule is a form error.

    A published page saved without a publish time goes live now (`save_explainer`).
    """
    if unpublish_at and publish_at and unpublish_at <= publish_at:
        return {"unpublish_at": "The unpublish time must come after publishing."}
    return {}


def save_explainer(
    *,
    user: Any,
    explainer: Explainer | None = None,
    expected_version: int | None = None,
    public: bool = True,
    note: str = "",
    related_links: list | None = None,
    sources: list[dict] | None = None,
    edited_at: datetime | None = None,
    newsworthy: bool = True,
    confirm_offline: bool = False,
    announce_again: bool = False,
    **fields: Any,
) -> Explainer:
    """Create or update a page; keeps a revision, the old slug and the rendered HTML.

    `edited_at` is for the launch content alone, which carries the date it was written:
    readers would otherwise read the install time as the day the text was last edited.
    `newsworthy=False`: on the changelog (if public) but no reader is told. A person's
    save that takes a live page offline (a publish time moved into the future, an end
    time passed) needs `confirm_offline`; `announce_again` has a page announced to
    readers again when it next goes live (otherwise a page is announced once).
    `sources`: the page's sources (None keeps them); a published page must have one.
    """
    require(user, f"explainers.{'change' if explainer else 'add'}_explainer", "edit explainers")
    _check_fields(fields, EXPLAINER_FIELDS)
    if errors := single_line_errors(title=fields.get("title")):
        raise ValidationError(errors)
    if fields.get("state") == ExplainerState.PUBLISHED and not fields.get("publish_at"):
        fields["publish_at"] = timezone.now()
    schedule_errors = check_schedule(
        publish_at=fields.get("publish_at"), unpublish_at=fields.get("unpublish_at")
    )
    if schedule_errors:
        raise ValidationError(schedule_errors)
    with transaction.atomic():
        creating = explainer is None
        if creating:
            explainer = Explainer()
            before = {}
        else:
            explainer = lock_for_edit(
                Explainer.objects, pk=explainer.pk, expected_version=expected_version
            )
            before = audit.snapshot(explainer)
        old_slug = explainer.slug
        was_live = not creating and explainer.status() == "live"
        for name, value in fields.items():
            setattr(explainer, name, value)
        warning = offline_warning(explainer) if was_live and not confirm_offline else ""
        if warning and user is not None:
            raise ValidationError({"publish_at": warning})
        _rearm_announcements(explainer, announce_again=announce_again)
        explainer.body_html = render_markdown(explainer.body)
        explainer.toc = table_of_contents(explainer.body_html)
        explainer.updated_at = edited_at or timezone.now()
        explainer.body_sections = body_sections(
            explainer.body,
            explainer.body_html,
            previous=explainer.body_sections,
            now=explainer.updated_at,
        )
        explainer.version = (explainer.version or 0) + (0 if creating else 1)
        explainer.full_clean(exclude=["related_links"])
        explainer.save()
        source_changes = _save_sources(
            explainer,
            sources,
            claim_words=f"The explainer “{explainer.title}”",
            publishing=explainer.state == ExplainerState.PUBLISHED,
        )
        if related_links is not None:
            explainer.related_links.set(related_links)
        if old_slug and old_slug != explainer.slug:
            SlugRedirect.objects.update_or_create(
                old_slug=old_slug, defaults={"explainer": explainer}
            )
            SlugRedirect.objects.filter(old_slug=explainer.slug).delete()
        _new_revision(explainer, user, note)
        # Translated pages compare their translations with this English from now on.
        record_source(kind=EXPLAINER, obj=explainer)
        changes = audit.diff_fields(before, audit.snapshot(explainer)) | source_changes
        for noise in ("version", "updated_at", "toc", "body_sections"):
            changes.pop(noise, None)
        with not_news(not newsworthy):
            audit.record(
                actor=user,
                action=Action.CREATED if creating else Action.CHANGED,
                obj=explainer,
                summary=f"{explainer.title} explainer {'added' if creating else 'updated'}"
                + (f": {note.strip()}" if note.strip() else ""),
                changes=changes,
                note=note,
                public=public and explainer.status() == "live",
            )
    return explainer


def offline_warning(explainer: Explainer) -> str:
    """What saving `explainer` as it now stands does to readers, if it takes the page
    offline (empty if it stays live): said before a live page goes, never after."""
    status = explainer.status()
    if status not in ("scheduled", "expired"):  # live; or a draft, which says so itself
        return ""
    until = f" until {uk_datetime(explainer.publish_at)}" if status == "scheduled" else ""
    return (
        f"This page is live: saved like this it goes offline{until}, and readers who open "
        "it get “not found”. Tick “Take it offline” to confirm, or keep its publish time."
    )


def _rearm_announcements(explainer: Explainer, *, announce_again: bool) -> None:
    """A page is announced live once: when its scheduled time comes, or by the save that
    makes it live now (whose own entry tells, or was meant not to). Rescheduled after
    that, it is not announced again unless the editor says so (`announce_again`)."""
    now = timezone.now()
    if explainer.status() == "live" and explainer.announced_live_at is None:
        explainer.announced_live_at = now
    elif announce_again and (explainer.publish_at is None or explainer.publish_at > now):
        explainer.announced_live_at = None
    if explainer.unpublish_at is None or explainer.unpublish_at > now:
        explainer.announced_expired_at = None


def _new_revision(explainer: Explainer, user: Any, note: str) -> Revision:
    last = explainer.revisions.order_by("-number").values_list("number", flat=True).first()
    return Revision.objects.create(
        explainer=explainer,
        number=(last or 0) + 1,
        title=explainer.title,
        summary=explainer.summary,
        body=explainer.body,
        author=user if getattr(user, "pk", None) else None,
        note=note[:200],
    )


def restore_revision(*, user: Any, revision: Revision, reason: str = "") -> Explainer:
    """Bring back an old version; the restore is itself a new version with an audit entry.

    A person says why (the system, restoring launch content, need not): undoing other
    people's work without a word is what the confirmation is there to prevent.
    """
    if user is not None and not reason.strip():
        raise ValidationError({"reason": "Say why you restore this version."})
    note = f"Restored version {revision.number}" + (f": {reason.strip()}" if reason.strip() else "")
    with transaction.atomic():
        explainer = save_explainer(
            user=user,
            explainer=revision.explainer,
            title=revision.title,
            summary=revision.summary,
            body=revision.body,
            note=note,
            public=False,
        )
        audit.record(
            actor=user,
            action=Action.RESTORED,
            obj=explainer,
            summary=f"{explainer.title} explainer restored to version {revision.number}",
            note=reason.strip(),
        )
    return explainer


def publish_due(*, now=None) -> int:
    """Beat: announce pages whose publish or unpublish time has come."""
    now = now or timezone.now()
    count = 0
    due_live = Explainer.objects.published(now).filter(announced_live_at__isnull=True)
    for explainer in due_live:
        with transaction.atomic():
            if Explainer.objects.filter(pk=explainer.pk, announced_live_at__isnull=True).update(
                announced_live_at=now
            ):
                audit.record(
                    actor=None,
                    action=Action.PUBLISHED,
                    obj=explainer,
                    summary=f"New explainer published: {explainer.title}",
                    public=True,
                )
                count += 1
    expired = Explainer.objects.filter(
        state=ExplainerState.PUBLISHED, unpublish_at__lte=now, announced_expired_at__isnull=True
    )
    for explainer in expired:
        with transaction.atomic():
            if Explainer.objects.filter(pk=explainer.pk, announced_expired_at__isnull=True).update(
                announced_expired_at=now
            ):
                audit.record(
                    actor=None,
                    action=Action.UNPUBLISHED,
                    obj=explainer,
                    summary=f"Explainer taken down as scheduled: {explainer.title}",
                )
                count += 1
    return count


def save_question(
    *,
    user: Any,
    item: Question | None = None,
    expected_version: int | None = None,
    public: bool = False,
    note: str = "",
    sources: list[dict] | None = None,
    edited_at: datetime | None = None,
    newsworthy: bool = True,
    **fields: Any,
) -> Question:
    """Create or update a FAQ answer (`edited_at`, `newsworthy` and `sources` as for
    `save_explainer`)."""
    _check_fields(fields, QUESTION_FIELDS)
    require(user, f"explainers.{'change' if item else 'add'}_question", "edit the FAQ")
    if errors := single_line_errors(question=fields.get("question"), group=fields.get("group")):
        raise ValidationError(errors)
    with transaction.atomic():
        creating = item is None
        if creating:
            question, before = Question(), {}
        else:
            question = lock_for_edit(
                Question.objects, pk=item.pk, expected_version=expected_version
            )
            before = audit.snapshot(question)
        for name, value in fields.items():
            setattr(question, name, value)
        question.answer_html = render_markdown(
            question.answer, id_prefix=f"{question.slug.lower()}-"
        )
        question.updated_at = edited_at or timezone.now()
        question.version = (question.version or 0) + (0 if creating else 1)
        with not_news(not newsworthy):
            audit.save_and_record(
                actor=user,
                obj=question,
                before=before,
                summary=f"FAQ {'added' if creating else 'updated'}: {question.question}",
                note=note,
                public=public and question.published,
            )
        # After the save (a new answer needs its id); a refusal undoes the whole save.
        _save_sources(
            question,
            sources,
            claim_words=f"The FAQ answer “{question.question}”",
            publishing=question.published,
        )
        record_source(kind=QUESTION, obj=question)
    return question

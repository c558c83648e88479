"""Checks and verdicts, and the editors' email when the status goes unchecked too long.

Four eyes (VERDICT_FOUR_EYES) covers everything readers see in the verdict box and the
indicators: with it on, a person's change is only ever a proposal (status.services
.proposals), whatever page or command it comes from; only the system itself (launch
content) writes directly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.concurrency import StaleEdit
from core.db_locks import hold_for_transaction
from core.durations import describe_duration
from core.permissions import require
from core.text import single_line_errors
from core.uktime import uk_datetime
from news import services_sources
from notifications.services import notify_once
from status.freshness import freshness
from status.models import Check, Outcome, State, Verdict
from status.translated import VERDICT
from translations.services import record_source

# Forms that show an editor the current verdict send back the one they showed
# (`seen_verdict_id`: its id, or None if there was none yet), so a check or a new
# verdict is never based on a verdict the editor did not see. Only the system
# (launch content, tests of other things) leaves it out.
NOT_SHOWN: Any = object()


def current_verdict(*, seen_verdict_id: Any, since: str) -> Verdict | None:
    """The current verdict, under the status lock, refused if it is not the one seen.

    The lock makes publishers and checkers take turns, so each reads the verdict
    the previous one wrote (a row lock can't: each of them inserts a new row).
    """
    hold_for_transaction("status")
    current = Verdict.objects.current()
    if seen_verdict_id is not NOT_SHOWN and (current.pk if current else None) != seen_verdict_id:
        now = (
            (
                f'"{current.answer}" ({current.headline}), published '
                f"{uk_datetime(current.effective_at)}"
            )
            if current
            else "unset"
        )
        raise StaleEdit(
            current,
            f"The verdict changed {since}: it is now {now}. "
            "Nothing was saved. Read the new verdict first.",
        )
    return current


def record_check(
    *, user: Any, note: str = "", consulted: str = "", seen_verdict_id: Any = NOT_SHOWN
) -> Check:
    """An editor confirms the verdict still stands; moves "Status last checked"."""
    require(user, "status.add_check", "record a status check")
    with transaction.atomic():
        verdict = current_verdict(
            seen_verdict_id=seen_verdict_id, since="after you opened the page"
        )
        check = Check.objects.create(
            checked_at=timezone.now(),
            checked_by=user if getattr(user, "pk", None) else None,
            consulted=consulted.strip(),
            note=note.strip(),
            outcome=Outcome.NO_CHANGE,
            verdict=verdict,
        )
        answer = f' The answer remains "{verdict.answer}".' if verdict else ""
        audit.record(
            actor=user,
            action=Action.CHECKED,
            obj=check,
            summary=f"Status checked: no change.{answer}",
            note=note.strip(),
            public=True,
        )
    return check


REASON_CLAIM = "The verdict's reason"


def verdict_sources(sources: list[dict[str, Any]] | None, *, reason: str) -> list[dict] | None:
    """The verdict's sources tidied, or refused: a verdict with a public reason stands
    on at least one source readers can open from a primary source or a reputable outlet,
    and none is ever from an outlet marked as disinformation.

    None: the caller does not deal in sources (the system, and code written before
    verdicts had them); the verdict then has none. The editors' forms always send a list,
    so an editor's verdict change is always held to the rule."""
    if sources is None:
        return None
    try:
        tidy = services_sources.clean_sources(sources, claim=REASON_CLAIM)
        if reason.strip():
            services_sources.refuse_unsourced(tidy, claim=REASON_CLAIM)
    except ValidationError as exc:
        raise ValidationError({"sources": exc.messages}) from None
    return tidy


def checked_verdict(
    *,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    outlook: str,
    has_previous: bool,
) -> dict[str, str]:
    """A verdict's fields as they are stored (trimmed), for a verdict or a proposal;
    refused, field by field, if readers could not make sense of it."""
    errors: dict[str, str] = {}
    if state not in State.values:
        errors["state"] = f"Unknown state {state!r}."
    for name, value in (("answer", answer), ("headline", headline), ("summary", summary)):
        if not value.strip():
            errors[name] = f"A verdict needs a {name}."
    # The answer and headline are single lines everywhere they go (badge, email subject).
    errors |= single_line_errors(answer=answer, headline=headline)
    if has_previous and not reason.strip():
        errors["reason"] = (
            "Say publicly why the verdict changes: a verdict after the first needs a reason."
        )
    if errors:
        raise ValidationError(errors)
    text = {"answer": answer, "headline": headline, "summary": summary, "reason": reason}
    return {"state": state, "outlook": outlook.strip()} | {
        name: value.strip() for name, value in text.items()
    }


def change_verdict(
    *,
    user: Any,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    outlook: str = "",
    consulted: str = "",
    note: str = "",
    seen_verdict_id: Any = NOT_SHOWN,
    checked: bool = True,
    sources: list[dict[str, Any]] | None = None,
) -> Verdict:
    """Publish a new verdict. Every verdict after the first needs a public reason, and
    a reason needs a source (`sources`, as verdict_sources takes them).

    With VERDICT_FOUR_EYES on, editors propose instead (propose_verdict) and another
    editor approves; only the system (launch content) publishes directly. `checked=False`
    (the launch content) records no check: nobody looked at the sources at install time,
    so the page says the status has not been checked yet until an editor records one.
    """
    require(user, "status.add_verdict", "change the verdict")
    refuse_without_second_editor(user, "A verdict change")
    return publish_verdict(
        proposer=user,
        approver=None,
        state=state,
        answer=answer,
        headline=headline,
        summary=summary,
        reason=reason,
        outlook=outlook,
        consulted=consulted,
        note=note,
        seen_verdict_id=seen_verdict_id,
        since="after you opened the form",
        checked=checked,
        sources=sources,
    )


def refuse_without_second_editor(user: Any, what: str) -> None:
    """Four eyes on: a person's change readers would see is a proposal, never direct."""
    if settings.VERDICT_FOUR_EYES and user is not None:
        raise PermissionDenied(f"{what} needs a second editor: propose it instead.")


def publish_verdict(
    *,
    proposer: Any,
    approver: Any,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    outlook: str = "",
    consulted: str = "",
    note: str = "",
    seen_verdict_id: Any,
    since: str,
    checked: bool = True,
    entry_summary: str = "",
    entry_changes: dict[str, Any] | None = None,
    sources: list[dict[str, Any]] | None = None,
) -> Verdict:
    """`entry_summary`, `entry_changes`: a status change's (the composer's) own words
    for the public entry, which then also names the indicators changed with it."""
    with transaction.atomic():
        previous = current_verdict(seen_verdict_id=seen_verdict_id, since=since)
        fields = checked_verdict(
            state=state,
            answer=answer,
            headline=headline,
            summary=summary,
            reason=reason,
            outlook=outlook,
            has_previous=previous is not None,
        )
        tidy = verdict_sources(sources, reason=fields["reason"])
        now = timezone.now()
        verdict = Verdict.objects.create(
            **fields,
            effective_at=now,
            created_by=proposer if getattr(proposer, "pk", None) else None,
        )
        # The English each translation of it will name (a new verdict has none yet: every
        # language shows it in English, saying its translation is being updated).
        record_source(kind=VERDICT, obj=verdict)
        if tidy:
            services_sources.set_sources(claim=verdict, sources=tidy)
        if checked:
            Check.objects.create(
                checked_at=now,
                checked_by=approver or verdict.created_by,
                consulted=consulted.strip(),
                note=note.strip(),
                outcome=Outcome.VERDICT_CHANGED,
                verdict=verdict,
            )
        changes = {}
        if previous is not None:
            changes = audit.diff_fields(
                {"state": previous.state, "answer": previous.answer, "headline": previous.headline},
                {"state": verdict.state, "answer": verdict.answer, "headline": verdict.headline},
            )
        if tidy:
            changes["sources"] = [None, services_sources.as_json(tidy)]
        changes.update(entry_changes or {})
        if approver is not None:
            changes["proposed_by"] = [None, proposer.get_username()]
            changes["approved_by"] = [None, approver.get_username()]
        first = previous is None
        audit.record(
            actor=approver or proposer,
            action=Action.VERDICT_CHANGED,
            obj=verdict,
            summary=entry_summary
            or (
                f'Verdict {"set" if first else "changed"}: "{verdict.answer}" '
                f"({verdict.get_state_display()})."
            ),
            changes=changes,
            note=verdict.reason,
            public=True,
        )
    return verdict


def notify_if_stale(*, now=None) -> int:
    """Email the Editors group once per stale period; returns how many were emailed.

    A failed send is forgotten (`notify_once`), so the next beat run tries again; the
    audit log says editors were told only once they were.
    """
    now = now or timezone.now()
    newest = Check.objects.newest()
    state = freshness(newest.checked_at if newest else None, now=now)
    if not state.stale:
        return 0
    promise = describe_duration(settings.STATUS_STALE_AFTER)
    if newest is None:
        subject = "[warstatus] The status has never been checked"
        opening = "No status check has been recorded yet."
        told = "Editors told the status has never been checked."
    else:
        subject = f"[warstatus] The status has not been checked for {state.age_in_words}"
        opening = f"The newest status check is {state.age_in_words} old, longer than the {promise} the site promises."
        told = f"Editors told the status is stale: last checked {state.age_in_words} ago."
    sent = notify_once(
        event_key=f"status-stale:{f'check-{newest.pk}' if newest else 'never-checked'}",
        groups=["Editors"],
        subject=subject,
        body=(
            f"{opening} Readers now see a staleness warning and the API says stale: true.\n\n"
            f"Record a check: {settings.SITE_URL}/{settings.ADMIN_URL}status/check/\n"
        ),
    )
    if sent:
        audit.record(
            actor=None, action=Action.NOTIFIED, obj=newest, object_repr="status", summary=told
        )
    return sent

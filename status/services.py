"""Every write to the status app: one transaction each, audit entry included.

Checks, verdicts (published directly or proposed for a second editor's approval),
indicators, and the editors' email when the status goes unchecked too long.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.concurrency import StaleEdit, lock_for_edit
from core.db_locks import hold_for_transaction
from core.durations import describe_duration
from core.permissions import require
from core.uktime import uk_datetime
from incidents.indicators import parse_query as parse_incident_query
from notifications.services import notify_once
from status.freshness import freshness
from status.models import (
    Check,
    Indicator,
    IndicatorState,
    Outcome,
    ProposalStatus,
    State,
    Verdict,
    VerdictProposal,
    validate_sources,
)

# Forms that show an editor the current verdict send back the one they showed
# (`seen_verdict_id`: its id, or None if there was none yet), so a check or a new
# verdict is never based on a verdict the editor did not see. Only the system
# (launch content, tests of other things) leaves it out.
NOT_SHOWN: Any = object()


def _current_verdict(*, seen_verdict_id: Any, since: str) -> Verdict | None:
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
        verdict = _current_verdict(
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


def _verdict_errors(
    *, state: str, answer: str, headline: str, summary: str, reason: str, has_previous: bool
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if state not in State.values:
        errors["state"] = f"Unknown state {state!r}."
    for name, value in (("answer", answer), ("headline", headline), ("summary", summary)):
        if not value.strip():
            errors[name] = f"A verdict needs a {name}."
    if has_previous and not reason.strip():
        errors["reason"] = (
            "Say publicly why the verdict changes: a verdict after the first needs a reason."
        )
    return errors


def change_verdict(
    *,
    user: Any,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    consulted: str = "",
    note: str = "",
    seen_verdict_id: Any = NOT_SHOWN,
) -> Verdict:
    """Publish a new verdict. Every verdict after the first needs a public reason.

    With VERDICT_FOUR_EYES on, editors propose instead (propose_verdict) and another
    editor approves; only the system (launch content) publishes directly.
    """
    require(user, "status.add_verdict", "change the verdict")
    if settings.VERDICT_FOUR_EYES and user is not None:
        raise PermissionDenied("A verdict change needs a second editor: propose it instead.")
    return _publish_verdict(
        proposer=user,
        approver=None,
        state=state,
        answer=answer,
        headline=headline,
        summary=summary,
        reason=reason,
        consulted=consulted,
        note=note,
        seen_verdict_id=seen_verdict_id,
        since="after you opened the form",
    )


def _publish_verdict(
    *,
    proposer: Any,
    approver: Any,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    consulted: str = "",
    note: str = "",
    seen_verdict_id: Any,
    since: str,
) -> Verdict:
    with transaction.atomic():
        previous = _current_verdict(seen_verdict_id=seen_verdict_id, since=since)
        errors = _verdict_errors(
            state=state,
            answer=answer,
            headline=headline,
            summary=summary,
            reason=reason,
            has_previous=previous is not None,
        )
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        verdict = Verdict.objects.create(
            state=state,
            answer=answer.strip(),
            headline=headline.strip(),
            summary=summary.strip(),
            reason=reason.strip(),
            effective_at=now,
            created_by=proposer if getattr(proposer, "pk", None) else None,
        )
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
        if approver is not None:
            changes["proposed_by"] = [None, proposer.get_username()]
            changes["approved_by"] = [None, approver.get_username()]
        first = previous is None
        audit.record(
            actor=approver or proposer,
            action=Action.VERDICT_CHANGED,
            obj=verdict,
            summary=(
                f'Verdict {"set" if first else "changed"}: "{verdict.answer}" '
                f"({verdict.get_state_display()})."
            ),
            changes=changes,
            note=verdict.reason,
            public=True,
        )
    return verdict


def propose_verdict(
    *,
    user: Any,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    consulted: str = "",
    seen_verdict_id: Any = NOT_SHOWN,
) -> VerdictProposal:
    """Four eyes: an editor proposes; nothing is public until another editor approves.

    The proposal remembers the verdict it replaces: if another verdict is published
    first, it can no longer be approved (it would silently undo the newer one).
    """
    require(user, "status.add_verdict", "propose a verdict")
    with transaction.atomic():
        current = _current_verdict(
            seen_verdict_id=seen_verdict_id, since="after you opened the form"
        )
        errors = _verdict_errors(
            state=state,
            answer=answer,
            headline=headline,
            summary=summary,
            reason=reason,
            has_previous=current is not None,
        )
        if errors:
            raise ValidationError(errors)
        proposal = VerdictProposal.objects.create(
            state=state,
            answer=answer.strip(),
            headline=headline.strip(),
            summary=summary.strip(),
            reason=reason.strip(),
            consulted=consulted.strip(),
            proposed_by=user,
            proposed_at=timezone.now(),
            replaces=current,
        )
        audit.record(
            actor=user,
            action=Action.CREATED,
            obj=proposal,
            summary=f'Verdict proposed: "{proposal.answer}" — awaiting a second editor',
        )
    return proposal


def _locked_pending(proposal: VerdictProposal) -> VerdictProposal:
    current = VerdictProposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status != ProposalStatus.PENDING:
        raise ValidationError(f"This proposal was already {current.get_status_display().lower()}.")
    return current


def approve_proposal(*, user: Any, proposal: VerdictProposal) -> Verdict:
    """A second editor publishes the proposal; the proposer cannot approve their own."""
    require(user, "status.add_verdict", "approve a verdict")
    with transaction.atomic():
        current = _locked_pending(proposal)
        if current.proposed_by_id == getattr(user, "pk", None):
            raise PermissionDenied("You proposed this verdict: another editor must approve it.")
        verdict = _publish_verdict(
            proposer=current.proposed_by,
            approver=user,
            state=current.state,
            answer=current.answer,
            headline=current.headline,
            summary=current.summary,
            reason=current.reason,
            consulted=current.consulted,
            seen_verdict_id=current.replaces_id,
            since="after this was proposed",
        )
        current.status = ProposalStatus.APPROVED
        current.decided_by, current.decided_at, current.verdict = user, timezone.now(), verdict
        current.save()
    return verdict


def reject_proposal(*, user: Any, proposal: VerdictProposal, comment: str) -> VerdictProposal:
    """Turn a proposal down with a comment the proposer sees."""
    require(user, "status.add_verdict", "review verdict proposals")
    if not comment.strip():
        raise ValidationError({"comment": "Say why, so the proposer can see it."})
    with transaction.atomic():
        current = _locked_pending(proposal)
        current.status = ProposalStatus.REJECTED
        current.decided_by, current.decided_at = user, timezone.now()
        current.decision_comment = comment.strip()
        current.save()
        audit.record(
            actor=user,
            action=Action.REJECTED,
            obj=current,
            note=current.decision_comment,
            summary=f'Verdict proposal turned down: "{current.answer}"',
        )
    return current


def update_indicator(
    *,
    user: Any,
    indicator: Indicator,
    state: str,
    state_label: str,
    note: str,
    sources: list[dict[str, str]],
    expected_version: int,
    public: bool = True,
    incident_query: str | None = None,
) -> Indicator:
    """Change where an indicator stands. Refuses a save based on an out-of-date copy.

    `incident_query`: the incidents it counts on the home page (None: unchanged)."""
    require(user, "status.change_indicator", "edit indicators")
    if state not in IndicatorState.values:
        raise ValidationError({"state": f"Unknown state {state!r}."})
    extra = {}
    if incident_query is not None:
        _active, errors = parse_incident_query(incident_query)
        if errors:
            raise ValidationError({"incident_query": errors})
        extra["incident_query"] = incident_query.strip().lstrip("?")
    if not note.strip():
        raise ValidationError({"note": "Say in a sentence where this indicator stands and why."})
    try:
        validate_sources(sources)
    except ValidationError as exc:
        raise ValidationError({"sources": exc.messages}) from None
    with transaction.atomic():
        fresh = lock_for_edit(Indicator.objects, pk=indicator.pk, expected_version=expected_version)
        before = audit.snapshot(fresh)
        fresh.state = state
        fresh.state_label = state_label.strip()
        fresh.note = note.strip()
        fresh.sources = sources
        for field, value in extra.items():
            setattr(fresh, field, value)
        fresh.updated_at = timezone.now()
        fresh.version += 1
        fresh.save()
        changes = audit.diff_fields(before, audit.snapshot(fresh))
        changes.pop("version", None)
        changes.pop("updated_at", None)
        audit.record(
            actor=user,
            action=Action.CHANGED,
            obj=fresh,
            summary=f"Indicator updated: {fresh.name} — {fresh.state_label}.",
            changes=changes,
            note=fresh.note if public else "",
            public=public,
        )
    return fresh


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

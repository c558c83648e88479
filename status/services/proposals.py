"""Four eyes: a change readers would see (the verdict, an indicator) proposed by one
editor, made live or turned down by another; the editors hear of both by email.

A proposal remembers what it was based on (the verdict it replaces, the indicator's
version): once something newer is live, approving it is refused, because it would
silently undo the newer change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.concurrency import StaleEdit, lock_for_edit
from core.permissions import require
from core.queueing import send_quietly
from news import services_sources
from status.models import (
    Indicator,
    IndicatorProposal,
    Proposal,
    ProposalStatus,
    StatusProposal,
    Verdict,
    VerdictProposal,
)
from status.services.indicators import add_indicator, change_indicator, clean_indicator
from status.services.verdicts import (
    NOT_SHOWN,
    checked_verdict,
    current_verdict,
    publish_verdict,
    verdict_sources,
)


def propose_verdict(
    *,
    user: Any,
    state: str,
    answer: str,
    headline: str,
    summary: str,
    reason: str,
    outlook: str = "",
    consulted: str = "",
    seen_verdict_id: Any = NOT_SHOWN,
    sources: list[dict[str, Any]] | None = None,
) -> VerdictProposal:
    """Four eyes: an editor proposes; nothing is public until another editor approves.

    The proposal remembers the verdict it replaces: if another verdict is published
    first, it can no longer be approved (it would silently undo the newer one).
    """
    require(user, "status.add_verdict", "propose a verdict")
    with transaction.atomic():
        current = current_verdict(
            seen_verdict_id=seen_verdict_id, since="after you opened the form"
        )
        fields = checked_verdict(
            state=state,
            answer=answer,
            headline=headline,
            summary=summary,
            reason=reason,
            outlook=outlook,
            has_previous=current is not None,
        )
        # Checked now, so the proposer hears of a missing source, not the approver.
        tidy = verdict_sources(sources, reason=fields["reason"])
        proposal = VerdictProposal.objects.create(
            **fields,
            sources=services_sources.as_json(tidy) if tidy else [],
            consulted=consulted.strip(),
            proposed_by=user,
            proposed_at=timezone.now(),
            replaces=current,
        )
        _record_proposed(user, proposal, f'Verdict proposed: "{proposal.answer}"')
    return proposal


def _record_proposed(user: Any, proposal: Proposal, summary: str) -> None:
    audit.record(
        actor=user,
        action=Action.CREATED,
        obj=proposal,
        summary=f"{summary} — awaiting a second editor",
    )
    _tell_editors(proposal, "proposed")


def _tell_editors(proposal: Proposal, event: str) -> None:
    """The proposer and the other editors hear of it once the transaction commits."""
    from status.tasks import tell_editors_about_proposal

    label = proposal._meta.label_lower
    # Queued without waiting on the broker: an editor's save never hangs on Redis.
    transaction.on_commit(
        lambda: send_quietly(tell_editors_about_proposal, label=label, pk=proposal.pk, event=event)
    )


def _locked_pending(proposal: Proposal) -> Proposal:
    current = type(proposal).objects.select_for_update().get(pk=proposal.pk)
    if current.status != ProposalStatus.PENDING:
        raise ValidationError(f"This proposal was already {current.get_status_display().lower()}.")
    if getattr(current, "part_of_id", None) is not None:
        # No side door: one part of a status change is decided only with the whole.
        raise ValidationError("This is part of a status change: decide the status change.")
    return current


def _what(proposal: Proposal) -> str:
    if isinstance(proposal, StatusProposal):
        return "status change"
    return "verdict" if isinstance(proposal, VerdictProposal) else "indicator change"


def approve_proposal(*, user: Any, proposal: Proposal) -> Verdict | Indicator:
    """A second editor makes the proposal live; the proposer cannot approve their own."""
    what = _what(proposal)
    require(user, proposal.decide_permission, f"approve a {what}")
    with transaction.atomic():
        current = _locked_pending(proposal)
        if current.proposed_by_id == getattr(user, "pk", None):
            raise PermissionDenied(f"You proposed this {what}: another editor must approve it.")
        if isinstance(current, StatusProposal):
            from status.services.composer import apply_status_change

            live = apply_status_change(current, approver=user)
        elif isinstance(current, VerdictProposal):
            live = publish_proposed_verdict(current, approver=user, reason=current.reason)
            current.verdict = live
        else:
            live = _apply_indicator_proposal(current, approver=user)
            current.indicator = live
        current.status = ProposalStatus.APPROVED
        current.decided_by, current.decided_at = user, timezone.now()
        current.save()
        _tell_editors(current, "approved")
    return live


def publish_proposed_verdict(
    proposal: VerdictProposal | StatusProposal,
    *,
    approver: Any,
    reason: str,
    entry_summary: str = "",
    entry_changes: dict[str, Any] | None = None,
) -> Verdict:
    """The verdict `proposal` carries, published as proposed now that `approver` approves
    it (inside the approval's transaction): refused if another verdict went live after it
    was proposed. `reason`: the public reason (a status change's is its note)."""
    return publish_verdict(
        proposer=proposal.proposed_by,
        approver=approver,
        state=proposal.state,
        answer=proposal.answer,
        headline=proposal.headline,
        summary=proposal.summary,
        reason=reason,
        outlook=proposal.outlook,
        consulted=proposal.consulted,
        seen_verdict_id=proposal.replaces_id,
        since="after this was proposed",
        # Checked again: an outlet's standing may have changed since it was proposed.
        sources=proposal.sources or None,
        entry_summary=entry_summary,
        entry_changes=entry_changes,
    )


def reject_proposal(*, user: Any, proposal: Proposal, comment: str) -> Proposal:
    """Turn a proposal down with a comment the proposer sees."""
    require(user, proposal.decide_permission, "review proposals")
    if not comment.strip():
        raise ValidationError({"comment": "Say why, so the proposer can see it."})
    with transaction.atomic():
        current = _locked_pending(proposal)
        current.status = ProposalStatus.REJECTED
        current.decided_by, current.decided_at = user, timezone.now()
        current.decision_comment = comment.strip()
        current.save()
        if isinstance(current, StatusProposal):
            current.indicator_changes.update(
                status=ProposalStatus.REJECTED,
                decided_by=user,
                decided_at=current.decided_at,
                decision_comment=current.decision_comment,
            )
        audit.record(
            actor=user,
            action=Action.REJECTED,
            obj=current,
            note=current.decision_comment,
            summary=f"{current} turned down",
        )
        _tell_editors(current, "turned_down")
    return current


def propose_indicator(
    *,
    user: Any,
    indicator: Indicator | None = None,
    expected_version: int | None = None,
    key: str = "",
    name: str = "",
    order: int = 0,
    state: str,
    state_label: str,
    note: str,
    sources: list[dict[str, str]],
    public: bool = True,
    incident_query: str | None = None,
    kind: str | None = None,
) -> IndicatorProposal:
    """Four eyes: a change to an indicator (or a new one, `indicator=None`) that goes live
    only when another editor approves it."""
    require(user, f"status.{'change' if indicator else 'add'}_indicator", "propose indicators")
    if kind and indicator is not None and kind != indicator.kind:
        raise ValidationError(
            {
                "kind": "Whether an indicator is a trigger can't be proposed yet: propose the "
                "rest, and ask an editor with four eyes off to change it."
            }
        )
    current_query = indicator.incident_query if indicator else ""
    if incident_query is not None and incident_query.strip().lstrip("?") != current_query:
        # A proposal carries what readers read; the count's query is not part of it yet.
        raise ValidationError(
            {
                "incident_query": "The incidents an indicator counts can't be proposed yet: "
                "propose the rest, and ask an editor with four eyes off to change the count."
            }
        )
    sources = clean_indicator(
        state=state,
        state_label=state_label,
        note=note,
        sources=sources,
        name=indicator.name if indicator else name,
    )
    with transaction.atomic():
        if indicator is not None:
            indicator = lock_for_edit(
                Indicator.objects, pk=indicator.pk, expected_version=expected_version
            )
            key, name, order = indicator.key, indicator.name, indicator.order
        elif not key or not name.strip():
            raise ValidationError("A new indicator needs a key and a name.")
        proposal = IndicatorProposal.objects.create(
            indicator=indicator,
            based_on_version=indicator.version if indicator else None,
            key=key,
            name=name.strip(),
            order=order,
            state=state,
            state_label=state_label.strip(),
            note=note.strip(),
            sources=sources,
            public=public,
            proposed_by=user,
            proposed_at=timezone.now(),
        )
        _record_proposed(user, proposal, f"Indicator change proposed: {proposal.name}")
    return proposal


def _apply_indicator_proposal(proposal: IndicatorProposal, *, approver: Any) -> Indicator:
    """The approved change, refused if the indicator changed after it was proposed."""
    approval = {
        "proposed_by": [None, proposal.proposed_by.get_username()],
        "approved_by": [None, approver.get_username()],
    }
    values = {
        "state": proposal.state,
        "state_label": proposal.state_label,
        "note": proposal.note,
        "sources": proposal.sources,
    }
    if proposal.indicator_id is None:
        return add_indicator(
            user=approver,
            key=proposal.key,
            name=proposal.name,
            order=proposal.order,
            public=proposal.public,
            approval=approval,
            **values,
        )
    try:
        return change_indicator(
            actor=approver,
            pk=proposal.indicator_id,
            expected_version=proposal.based_on_version,
            values=values,
            public=proposal.public,
            approval=approval,
        )
    except StaleEdit as stale:
        raise StaleEdit(
            stale.current,
            f"The indicator changed after this was proposed (now version "
            f"{stale.current.version}). Nothing was published: turn this down and "
            "propose again from the current text.",
        ) from None

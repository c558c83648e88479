"""The editors' emails about a four-eyes proposal: when it is made and when it is decided.

Each is sent once (notify_once) to the Editors and the proposer, so nobody has to keep
a changelist open to learn that a change awaits them or what became of their own; never
to the editor who acted (the proposer is not asked to wait for a second editor on her own
proposal, nor the decider told of his own decision).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from notifications.services import notify_once
from status.models import IndicatorProposal, Proposal, StatusProposal, VerdictProposal

EVENTS = ("proposed", "approved", "turned_down")


def describe(proposal: Proposal) -> str:
    """The change in a few words, e.g. 'the verdict: "No" — Allies consult' ."""
    if isinstance(proposal, StatusProposal):
        from status.services.composer import change_summary

        return f"the status: {change_summary(proposal)}"
    if isinstance(proposal, VerdictProposal):
        return f'the verdict: "{proposal.answer}" — {proposal.headline}'
    if isinstance(proposal, IndicatorProposal) and proposal.indicator_id is None:
        return f'a new indicator: {proposal.name} — "{proposal.state_label}"'
    return f'the indicator {proposal.name}: "{proposal.state_label}"'


def review_path(proposal: Proposal) -> str:
    """The proposal's own page in the admin, side by side with what is live."""
    opts = proposal._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[proposal.pk])


def review_url(proposal: Proposal) -> str:
    return f"{settings.SITE_URL}{review_path(proposal)}"


def _details(proposal: Proposal) -> str:
    if isinstance(proposal, StatusProposal):
        from status.services.composer import announced_entry

        return f"Readers will be told: {announced_entry(proposal).summary}\nNote: {proposal.note}\n"
    if isinstance(proposal, VerdictProposal):
        return (
            f"Answer: {proposal.answer}\nState: {proposal.get_state_display()}\n"
            f"Headline: {proposal.headline}\nSummary: {proposal.summary}\n"
            f"Reason: {proposal.reason or '(none)'}\n"
        )
    return (
        f"Indicator: {proposal.name}\nReaders see: {proposal.state_label} "
        f"({proposal.get_state_display()})\nNote: {proposal.note}\n"
    )


def message(proposal: Proposal, event: str) -> tuple[str, str]:
    """Subject and body for `event` (one of EVENTS)."""
    what = describe(proposal)
    proposer = proposal.proposed_by.get_username()
    decider = proposal.decided_by.get_username() if proposal.decided_by_id else "another editor"
    if event == "proposed":
        subject = f"Awaiting a second editor: {what}"
        opening = (
            f"{proposer} proposes a change to {what}.\n"
            "Nothing is live until another editor approves it.\n"
        )
    elif event == "approved":
        subject = f"Approved and live: {what}"
        opening = f"{decider} approved {proposer}'s change to {what}. Readers see it now.\n"
    else:
        subject = f"Turned down: {what}"
        opening = (
            f"{decider} turned down {proposer}'s change to {what}.\n"
            f"Why: {proposal.decision_comment}\nNothing was published.\n"
        )
    body = f"{opening}\n{_details(proposal)}\nThe proposal: {review_url(proposal)}\n"
    return f"[warstatus] {subject}"[:250], body


def tell_editors(*, label: str, pk: int, event: str) -> int:
    """Email the Editors and the proposer about `event`; returns how many were emailed."""
    if event not in EVENTS:
        raise ValueError(f"Unknown proposal event {event!r}")
    model = apps.get_model(label)
    proposal = model.objects.select_related("proposed_by", "decided_by").get(pk=pk)
    subject, body = message(proposal, event)
    actor = proposal.proposed_by if event == "proposed" else proposal.decided_by
    return notify_once(
        event_key=f"proposal:{label}:{pk}:{event}",
        groups=["Editors"],
        users=[proposal.proposed_by],
        not_to=[actor] if actor else [],
        subject=subject,
        body=body,
    )

"""The status composer: the verdict, any indicator changes and the public note readers
are told, proposed as one change and approved as one change (four eyes).

Approved, it is one public audit entry, so readers hear of it once: one announcement,
one email, one webhook event. With the verdict changed, that entry is the verdict's own
(its public reason is the note) and names the indicators changed with it; without, it
is an "Indicator updated" entry. Each indicator's own change is still recorded, for the
audit log and the indicator's history, but not announced a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action, AuditEntry
from core.concurrency import lock_for_edit
from core.permissions import require
from news import services_sources
from status.models import (
    Indicator,
    IndicatorProposal,
    ProposalStatus,
    StatusProposal,
    Verdict,
)
from status.services.indicators import change_indicator, clean_indicator
from status.services.proposals import _record_proposed, publish_proposed_verdict
from status.services.verdicts import (
    NOT_SHOWN,
    checked_verdict,
    current_verdict,
    verdict_sources,
)

if TYPE_CHECKING:
    from status.preview import EmailPreview

VERDICT_FIELDS = ("state", "answer", "headline", "summary", "outlook")
INDICATOR_FIELDS = ("state", "state_label", "note")


def propose_status_change(
    *,
    user: Any,
    note: str,
    verdict: dict[str, str] | None = None,
    indicators: list[dict[str, Any]] = (),
    consulted: str = "",
    seen_verdict_id: Any = NOT_SHOWN,
) -> StatusProposal:
    """One proposal for one event. `verdict`: the verdict's fields as the editor left
    them (unchanged ones are no change); `indicators`: for each indicator the editor
    touched, {"indicator", "expected_version", "state", "state_label", "note"} (rows
    identical to the live indicator are dropped). Refused if nothing changes."""
    with transaction.atomic():
        proposal = _create(
            user=user,
            note=note,
            verdict=verdict,
            indicators=indicators,
            consulted=consulted,
            seen_verdict_id=seen_verdict_id,
        )
        _record_proposed(user, proposal, f"Status change proposed: {change_summary(proposal)}")
    return proposal


def compose_status_change(*, user: Any, **fields: Any) -> StatusProposal:
    """Four eyes off: the editor's composed change goes live at once, still as one
    change and one announcement (the proposal is kept, decided by its editor)."""
    if settings.VERDICT_FOUR_EYES:
        raise PermissionDenied("A status change needs a second editor: propose it instead.")
    with transaction.atomic():
        proposal = _create(user=user, **fields)
        apply_status_change(proposal, approver=user)
        proposal.status = ProposalStatus.APPROVED
        proposal.decided_by, proposal.decided_at = user, timezone.now()
        proposal.save()
    return proposal


def preview_status_change(*, user: Any, **fields: Any) -> EmailPreview | None:
    """The readers' email the composed change would send, before anything is proposed:
    written from a proposal that is rolled back, never kept (nor audited)."""
    from status.preview import email_preview

    with transaction.atomic():
        proposal = _create(user=user, **fields)
        preview = email_preview(proposal)
        transaction.set_rollback(True)
    return preview


def _create(
    *,
    user: Any,
    note: str,
    verdict: dict[str, str] | None = None,
    indicators: list[dict[str, Any]] = (),
    consulted: str = "",
    seen_verdict_id: Any = NOT_SHOWN,
) -> StatusProposal:
    require(user, "status.add_verdict", "propose a status change")
    if not note.strip():
        raise ValidationError({"note": "Say in a sentence or two what readers are told."})
    current = current_verdict(seen_verdict_id=seen_verdict_id, since="after you opened the form")
    fields, changes_verdict = _verdict_part(verdict, current, note)
    parts = _indicator_parts(user, indicators)
    if not changes_verdict and not parts:
        raise ValidationError(
            "Nothing changes: change the verdict or an indicator, or record a check instead."
        )
    proposal = StatusProposal.objects.create(
        **fields,
        sources=_reason_sources(verdict, note) if changes_verdict else [],
        changes_verdict=changes_verdict,
        note=note.strip(),
        consulted=consulted.strip(),
        replaces=current,
        proposed_by=user,
        proposed_at=timezone.now(),
    )
    for part in parts:
        part.part_of = proposal
        part.proposed_by, part.proposed_at = user, proposal.proposed_at
    IndicatorProposal.objects.bulk_create(parts)
    return proposal


def _verdict_part(
    verdict: dict[str, str] | None, current: Verdict | None, note: str
) -> tuple[dict[str, str], bool]:
    if not verdict:
        return {}, False
    live = {name: getattr(current, name) if current else "" for name in VERDICT_FIELDS}
    given = {name: (verdict.get(name) or "").strip() for name in VERDICT_FIELDS}
    if given == {name: value.strip() for name, value in live.items()}:
        return {}, False
    fields = checked_verdict(
        **given, reason=note, has_previous=current is not None
    )  # the note is the verdict's public reason
    fields.pop("reason")
    return fields, True


def _reason_sources(verdict: dict[str, Any], note: str) -> list[dict[str, str]]:
    """The changed verdict's sources (`verdict["sources"]`, if the form sends them), held
    to the rule for a reason: the note is the verdict's public reason."""
    tidy = verdict_sources(verdict.get("sources"), reason=note)
    return services_sources.as_json(tidy) if tidy else []


def _indicator_parts(user: Any, rows: list[dict[str, Any]]) -> list[IndicatorProposal]:
    parts = []
    for row in rows:
        indicator = row["indicator"]
        values = {name: (row.get(name) or "").strip() for name in INDICATOR_FIELDS}
        live = Indicator.objects.get(pk=indicator.pk)
        if all(values[name] == getattr(live, name) for name in INDICATOR_FIELDS):
            continue  # as readers see it now: no change, whatever version the form showed
        # A change, made to the copy the editor saw: else refused, never an undo of a newer.
        live = lock_for_edit(
            Indicator.objects, pk=indicator.pk, expected_version=row.get("expected_version")
        )
        require(user, "status.change_indicator", "propose indicators")
        try:
            # Sources are not composed here: the indicator keeps its own, checked again.
            sources = clean_indicator(
                **values, sources=services_sources.source_rows(live), name=live.name
            )
        except ValidationError as exc:
            raise ValidationError(
                {f"{live.key}-{k}": v for k, v in exc.message_dict.items()}
            ) from None
        parts.append(
            IndicatorProposal(
                indicator=live,
                based_on_version=live.version,
                key=live.key,
                name=live.name,
                order=live.order,
                sources=sources,
                **values,
            )
        )
    return parts


def change_summary(proposal: StatusProposal) -> str:
    """What changes, in a line: 'the verdict ("Yes") and 2 indicators'."""
    count = len(proposal.indicator_changes.all())  # prefetched on the dashboard
    said = [f'the verdict ("{proposal.answer}")'] if proposal.changes_verdict else []
    if count:
        said.append(f"{count} indicator{'' if count == 1 else 's'}")
    return " and ".join(said)


def announced_entry(proposal: StatusProposal) -> AuditEntry:
    """The public entry approving `proposal` would record, unsaved: what readers will be
    told (the email preview is written from it)."""
    parts = list(proposal.indicator_changes.select_related("indicator"))
    previous = Verdict.objects.current()
    changes = _indicator_changes(parts)
    if proposal.changes_verdict:
        old = {k: getattr(previous, k) for k in ("state", "answer", "headline")} if previous else {}
        new = {k: getattr(proposal, k) for k in ("state", "answer", "headline")}
        changes = {**audit.diff_fields(old, new), **changes}
        action = Action.VERDICT_CHANGED
        state = proposal.get_state_display()
        said = f'Verdict {"changed" if previous else "set"}: "{proposal.answer}" ({state}).'
        summary = " ".join([said, *(_indicator_line(part) for part in parts)])
    else:
        action = Action.CHANGED
        summary = _indicators_line(parts)
    entry = AuditEntry(
        action=action,
        summary=summary[:300],
        changes=changes,
        note=proposal.note,
        public=True,
        created_at=timezone.now(),
        object_id="",
    )
    if not proposal.changes_verdict:  # recorded on the (first) indicator changed
        entry.content_type = ContentType.objects.get_for_model(Indicator)
    return entry


def _indicator_line(part: IndicatorProposal) -> str:
    return f"Indicator updated: {part.name} — {part.state_label}."


def _indicators_line(parts: list[IndicatorProposal]) -> str:
    if len(parts) == 1:
        return _indicator_line(parts[0])
    return "Indicators updated: " + "; ".join(f"{p.name} — {p.state_label}" for p in parts) + "."


def _indicator_changes(parts: list[IndicatorProposal]) -> dict[str, list[str]]:
    # "indicator <name>": [what readers saw, what they see now]
    return {
        f"indicator {part.name}": [part.indicator.state_label, part.state_label] for part in parts
    }


def apply_status_change(proposal: StatusProposal, *, approver: Any) -> Verdict | Indicator:
    """The approved change, inside approve_proposal's transaction: the indicators first
    (each refused if it changed since), then the verdict, then the one public entry."""
    if proposal.indicator_changes.exists():
        require(approver, "status.change_indicator", "approve indicator changes")
    entry = announced_entry(proposal)  # read before the indicators move
    approval = {
        "proposed_by": [None, proposal.proposed_by.get_username()],
        "approved_by": [None, approver.get_username()],
    }
    now = timezone.now()
    indicators = []
    for part in proposal.indicator_changes.select_related("indicator"):
        indicators.append(
            change_indicator(
                actor=approver,
                pk=part.indicator_id,
                expected_version=part.based_on_version,
                values={name: getattr(part, name) for name in (*INDICATOR_FIELDS, "sources")},
                public=False,  # told once, in the status change's entry below
                approval=approval,
            )
        )
    proposal.indicator_changes.update(
        status=ProposalStatus.APPROVED, decided_by=approver, decided_at=now
    )
    if proposal.changes_verdict:
        live = publish_proposed_verdict(
            proposal,
            approver=approver,
            reason=proposal.note,
            entry_summary=entry.summary,
            entry_changes=entry.changes,
        )
        proposal.verdict = live
        return live
    audit.record(
        actor=approver,
        action=entry.action,
        obj=indicators[0],
        summary=entry.summary,
        changes={**entry.changes, **approval},
        note=entry.note,
        public=True,
    )
    return indicators[0]


__all__ = [
    "announced_entry",
    "apply_status_change",
    "change_summary",
    "compose_status_change",
    "preview_status_change",
    "propose_status_change",
]

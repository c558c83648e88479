"""What readers will be emailed about a status change, shown to editors before it goes.

The email is written by the subscriptions app, which sits above this one: it registers
its writer here (`on_preview`, from its AppConfig.ready()), so the preview is the very
text the readers' email will have, not a second copy of its wording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.models import AuditEntry
    from status.models import StatusProposal, Verdict


@dataclass(frozen=True)
class EmailPreview:
    subject: str
    body: str


Writer = Callable[["AuditEntry", "Verdict | None"], EmailPreview]
_writers: list[Writer] = []


def on_preview(writer: Writer) -> Writer:
    """Register the readers' email writer (once, however often `ready()` runs)."""
    if writer not in _writers:
        _writers[:] = [writer]
    return writer


def email_preview(proposal: StatusProposal) -> EmailPreview | None:
    """The readers' email approving `proposal` would send (None: nobody writes one)."""
    from status.models import Verdict
    from status.services.composer import announced_entry

    if not _writers:
        return None
    entry = announced_entry(proposal)
    if proposal.changes_verdict:
        verdict = Verdict(
            **{k: getattr(proposal, k) for k in ("state", "answer", "headline", "summary")},
            reason=proposal.note,
        )
    else:
        verdict = Verdict.objects.current()
    return _writers[0](entry, verdict)

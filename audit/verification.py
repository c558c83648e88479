from __future__ import annotations

from dataclasses import dataclass

from audit.models import AuditEntry


@dataclass
class ChainCheck:
    checked: int
    broken: AuditEntry | None = None
    reason: str = ""


def first_broken_link(batch_size: int = 2000) -> ChainCheck:
    """Walk the chain in id order; stop at the first entry whose hash or link is wrong."""
    previous_hash = ""
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != previous_hash:
            return ChainCheck(checked, entry, "its link to the previous entry does not match")
        if entry.compute_hash() != entry.hash:
            return ChainCheck(checked, entry, "its content does not match its hash")
        previous_hash = entry.hash
        checked += 1
    return ChainCheck(checked)

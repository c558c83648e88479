"""Walking the audit chain: is every link and every seal what it should be?"""

from __future__ import annotations

from dataclasses import dataclass

from audit import chain
from audit.models import AuditEntry


@dataclass
class ChainCheck:
    checked: int
    broken: AuditEntry | None = None
    reason: str = ""
    # Entries sealed with plain SHA-256 by releases before the key.
    legacy: int = 0
    # Keyed entries whose seal went unchecked: this process has no AUDIT_KEY.
    unchecked: int = 0


def first_broken_link(batch_size: int = 2000) -> ChainCheck:
    """Walk the chain in id order; stop at the first entry whose hash or link is wrong.

    Without AUDIT_KEY the keyed seals cannot be checked, only the links and the order
    of schemes: someone who rewrote rows and recomputed the hashes would pass that.
    """
    result = ChainCheck(checked=0)
    previous_hash = ""
    keyed_seen = False
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        kind = chain.scheme(entry.hash)
        reason = _fault(entry, kind, previous_hash=previous_hash, keyed_seen=keyed_seen)
        if reason:
            result.broken, result.reason = entry, reason
            return result
        if kind == chain.KEYED:
            keyed_seen = True
            result.unchecked += not chain.has_key()
        else:
            result.legacy += 1
        previous_hash = entry.hash
        result.checked += 1
    return result


def _fault(entry: AuditEntry, kind: str, *, previous_hash: str, keyed_seen: bool) -> str:
    if entry.prev_hash != previous_hash:
        return "its link to the previous entry does not match"
    if kind == chain.UNKNOWN:
        return "its hash is in no scheme this site has ever written"
    if kind == chain.LEGACY and keyed_seen:
        # The key never goes away once used: an unkeyed entry after a keyed one was
        # sealed by someone without the key, i.e. the chain was recomputed.
        return "it is sealed without the key after keyed entries (a downgrade is a rewrite)"
    if chain.seal_matches(entry) is False:
        return "its content does not match its hash"
    return ""

"""Walking the audit chain: is every link and every seal what it should be?"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

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


def first_broken_link(
    batch_size: int = 2000,
    *,
    keyed_since: int | None = None,
    after: tuple[int, str] | None = None,
    until: int | None = None,
) -> ChainCheck:
    """Walk the chain in id order; stop at the first entry whose hash or link is wrong.

    `keyed_since` is the first keyed entry's id (AUDIT_KEYED_SINCE unless given): from
    it on, an entry sealed with plain SHA-256 is a rewrite. `after` (an entry's id and
    hash, already verified) and `until` (an id) walk only part of the chain.

    Without AUDIT_KEY the keyed seals cannot be checked, only the links and the order
    of schemes: someone who rewrote rows and recomputed the hashes would pass that.
    """
    keyed_since = settings.AUDIT_KEYED_SINCE if keyed_since is None else keyed_since
    result = ChainCheck(checked=0)
    entries = AuditEntry.objects.order_by("id")
    previous_hash = ""
    if after is not None:
        entries = entries.filter(id__gt=after[0])
        previous_hash = after[1]
    if until is not None:
        entries = entries.filter(id__lte=until)
    keyed_seen = chain.scheme(previous_hash) == chain.KEYED
    for entry in entries.iterator(chunk_size=batch_size):
        kind = chain.scheme(entry.hash)
        reason = _fault(
            entry, kind, previous_hash=previous_hash, keyed_seen=keyed_seen, keyed_since=keyed_since
        )
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


def _fault(
    entry: AuditEntry, kind: str, *, previous_hash: str, keyed_seen: bool, keyed_since: int
) -> str:
    if entry.prev_hash != previous_hash:
        return "its link to the previous entry does not match"
    if kind == chain.UNKNOWN:
        return "its hash is in no scheme this site has ever written"
    if kind == chain.LEGACY and entry.pk >= keyed_since:
        # Where keying began is kept outside the database (settings, signed checkpoints):
        # a chain recomputed from end to end with the unkeyed hash still fails here.
        return (
            f"it is sealed without the key, but the chain is keyed from entry {keyed_since} "
            "on (AUDIT_KEYED_SINCE): the chain was re-sealed with plain SHA-256"
        )
    if kind == chain.LEGACY and keyed_seen:
        # The key never goes away once used: an unkeyed entry after a keyed one was
        # sealed by someone without the key, i.e. the chain was recomputed.
        return "it is sealed without the key after keyed entries (a downgrade is a rewrite)"
    if chain.seal_matches(entry) is False:
        return "its content does not match its hash"
    return ""

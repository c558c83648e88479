"""How an audit entry is sealed into the chain, and how its seal is checked.

Each entry's hash covers its content and the previous entry's hash. New entries are
sealed with HMAC-SHA256 under AUDIT_KEY and stored as "hmac-sha256:<hex>": whoever
can write the table but lacks the key cannot recompute a chain that verifies after a
forged or deleted row. Entries sealed by earlier releases keep their bare SHA-256 hex
and still verify until AUDIT_KEYED_SINCE, the first keyed entry's id, kept outside the
database: from there on an unkeyed entry is a rewrite (see `audit.verification`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from audit.models import AuditEntry

KEYED = "hmac-sha256"
LEGACY = "sha256"
UNKNOWN = "unknown"
KEYED_PREFIX = f"{KEYED}:"
_HEX64 = re.compile(r"[0-9a-f]{64}")

# The chain's sub-key of AUDIT_KEY (checkpoints are signed with Ed25519, not with it).
CHAIN_PURPOSE = b"warstatus audit chain v1"


def has_key() -> bool:
    return bool(settings.AUDIT_KEY)


def subkey(purpose: bytes) -> bytes:
    """The key for one use, derived from AUDIT_KEY; refuses when there is none."""
    if not settings.AUDIT_KEY:
        raise ImproperlyConfigured(
            "AUDIT_KEY is not set: this process may verify the audit log but not write to it."
        )
    return hmac.new(settings.AUDIT_KEY.encode(), purpose, hashlib.sha256).digest()


def payload(entry: AuditEntry) -> bytes:
    """The entry's content and its link, encoded exactly as every release has encoded it."""
    fields = {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "content_type_id": entry.content_type_id,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "object_url": entry.object_url,
        "changes": entry.changes,
        "summary": entry.summary,
        "note": entry.note,
        "public": entry.public,
        "ip_address": entry.ip_address,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, default=str).encode()


def seal(entry: AuditEntry) -> str:
    """The hash a new entry is stored with (keyed; there is no unkeyed way to write)."""
    return keyed_hash(entry, subkey(CHAIN_PURPOSE))


def keyed_hash(entry: AuditEntry, key: bytes) -> str:
    return KEYED_PREFIX + hmac.new(key, payload(entry), hashlib.sha256).hexdigest()


def legacy_hash(entry: AuditEntry) -> str:
    """Plain SHA-256, as releases before the key sealed entries (read, never written)."""
    return hashlib.sha256(payload(entry)).hexdigest()


def scheme(stored_hash: str) -> str:
    if stored_hash.startswith(KEYED_PREFIX) and _HEX64.fullmatch(stored_hash[len(KEYED_PREFIX) :]):
        return KEYED
    if _HEX64.fullmatch(stored_hash):
        return LEGACY
    return UNKNOWN


def seal_matches(entry: AuditEntry) -> bool | None:
    """Whether the entry's stored hash is right for its content: None when it is keyed
    and this process has no key to check it with."""
    kind = scheme(entry.hash)
    if kind == LEGACY:
        return hmac.compare_digest(legacy_hash(entry), entry.hash)
    if kind == KEYED:
        if not has_key():
            return None
        return hmac.compare_digest(keyed_hash(entry, subkey(CHAIN_PURPOSE)), entry.hash)
    return False

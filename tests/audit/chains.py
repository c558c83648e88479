"""Audit chains made outside the app: by the previous release, and by an attacker.

Written from the published format alone, never with `audit.chain`: the tests that use
these show what the app catches, not what its own functions agree with.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.db import connection
from django.utils import timezone

from audit.models import Action, AuditEntry


def plain_sha256(entry: AuditEntry) -> str:
    """SHA-256 over the entry's content, as the release before the key sealed entries
    and as anyone who reads the source can recompute it."""
    encoded = json.dumps(_fields(entry), sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict:
    """What a seal covers: the entry's content and its link to the one before."""
    return {
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


def append_as_previous_release(summary: str) -> AuditEntry:
    """An entry as the release before the key wrote it: bare SHA-256 hex."""
    previous = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    entry = AuditEntry(
        created_at=timezone.now(),
        actor_name="system",
        action=Action.CHANGED,
        summary=summary,
        prev_hash=previous or "",
    )
    entry.hash = plain_sha256(entry)
    entry.save(force_insert=True)
    return entry


def as_replica(sql: str, params: list) -> None:
    """A superuser's way past the append-only trigger, as the security review found.

    SQLite has no such trigger (the file's owner can rewrite anything): plain SQL."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def forge(entry_id: int, *, summary: str, note: str) -> None:
    as_replica(
        "UPDATE audit_auditentry SET summary = %s, note = %s WHERE id = %s",
        [summary, note, entry_id],
    )


def keyed_with(audit_key: str, entry: AuditEntry) -> str:
    """The entry's seal as the site writes it, by someone who holds AUDIT_KEY: HMAC-SHA256
    under the chain's sub-key (HMAC of "warstatus audit chain v1" under AUDIT_KEY), over
    the same content plain_sha256 covers."""
    subkey = hmac.new(audit_key.encode(), b"warstatus audit chain v1", hashlib.sha256).digest()
    encoded = json.dumps(_fields(entry), sort_keys=True, ensure_ascii=True, default=str)
    return "hmac-sha256:" + hmac.new(subkey, encoded.encode(), hashlib.sha256).hexdigest()


def rechain_from(entry_id: int, *, label: str = "", audit_key: str = "") -> None:
    """Recompute every hash from `entry_id` on with plain SHA-256, linking each entry to
    the one before, so a walk of the links and hashes finds nothing wrong. `label` is
    put in front of each hash (e.g. "hmac-sha256:") to pass for the keyed scheme; with
    `audit_key` (a stolen AUDIT_KEY) each is sealed as the site itself seals them."""
    previous = (
        AuditEntry.objects.filter(id__lt=entry_id)
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    ) or ""
    for entry in AuditEntry.objects.filter(id__gte=entry_id).order_by("id"):
        entry.prev_hash = previous
        new_hash = keyed_with(audit_key, entry) if audit_key else label + plain_sha256(entry)
        as_replica(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
            [previous, new_hash, entry.pk],
        )
        previous = new_hash


def delete_newest(count: int) -> None:
    newest = list(AuditEntry.objects.order_by("-id").values_list("id", flat=True)[:count])
    as_replica("DELETE FROM audit_auditentry WHERE id >= %s", [newest[-1]])

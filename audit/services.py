"""The one way to write to the audit log.

Call `record()` inside the transaction that makes the change: the change and
its entry then commit or roll back together.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from audit import chain, checkpoints, hooks, signing, verification
from audit.models import (
    BACKSTAGE_ACTIONS,
    Action,
    AuditEntry,
    SignedCheckpoint,
    SignInFailureTally,
)
from core.cache_version import bump_content_version
from core.db_locks import hold_then_fetch

LONG_TEXT = 200


def record(
    *,
    actor: Any | None,
    action: str | Action,
    summary: str,
    obj: models.Model | None = None,
    object_repr: str | None = None,
    changes: dict[str, Any] | None = None,
    public: bool = False,
    note: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. `actor` is a user, or None for the system (tasks, polling)."""
    if not summary.strip():
        raise ValueError("An audit entry needs a summary a reader can understand.")
    key = chain.subkey(chain.CHAIN_PURPOSE)  # refuses, before any query, without AUDIT_KEY
    # No savepoint: inside the caller's transaction, an entry that fails fails the
    # change with it (a savepoint and its release were two of the entry's five round
    # trips); outside any, this is the transaction.
    with transaction.atomic(savepoint=False):
        previous = _chain_tip()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=_actor_name(actor),
            action=str(action),
            summary=summary.strip()[:300],
            changes=changes or {},
            public=public,
            note=note.strip(),
            ip_address=ip_address,
            prev_hash=previous or "",
        )
        if obj is not None:
            entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
            entry.object_id = str(obj.pk)
            entry.object_url = _public_url(obj)
        entry.object_repr = (object_repr or (str(obj) if obj is not None else ""))[:200]
        entry.hash = chain.keyed_hash(entry, key)
        entry.save(force_insert=True)
        # A change that may alter a public page expires the cached pages (now and at commit).
        if action not in BACKSTAGE_ACTIONS:
            bump_content_version(entry_id=entry.pk)
            hooks.content_changed(entry)
        if public:
            hooks.public_entry_recorded(entry)
    return entry


_TIP = "SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1"


def _chain_tip() -> str:
    """Take the chain's lock (one writer at a time extends it), then read its newest hash."""
    rows = hold_then_fetch("audit-chain", sql=_TIP)
    return rows[0][0] if rows else ""


def _actor_name(actor: Any | None) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return "system"
    return actor.get_username()


def _public_url(obj: models.Model) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return ""
    try:
        return get_url()[:300]
    except Exception:  # an object without a public page yet (e.g. a draft with no slug)
        return ""


def diff_values(old: Any, new: Any) -> list[Any]:
    """One field's change as [old, new]; long text becomes a compact unified diff."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG_TEXT:
        lines = difflib.unified_diff(
            old.splitlines(), new.splitlines(), lineterm="", n=1, fromfile="before", tofile="after"
        )
        return ["(long text)", "\n".join(lines)]
    return [_jsonable(old), _jsonable(new)]


LAUNCH_CONTENT = "added with the launch content"


def record_created(*, actor: Any | None, obj: models.Model, how: str = "added") -> AuditEntry:
    """The entry for a new object, every field recorded as its change."""
    label = obj._meta.verbose_name.capitalize()
    return record(
        actor=actor,
        action=Action.CREATED,
        obj=obj,
        summary=f"{label} {how}: {obj}",
        changes=diff_fields({}, snapshot(obj)),
    )


# Fields every save moves on, which say nothing about what changed.
BOOKKEEPING = ("updated_at", "version")


def save_and_record(
    *,
    actor: Any | None,
    obj: models.Model,
    before: dict[str, Any],
    summary: str,
    public: bool = False,
    note: str = "",
) -> AuditEntry:
    """Check and save a row, then append the entry naming what changed since `before`
    (its `snapshot` when it was read; empty for a new row), in the caller's transaction."""
    creating = obj._state.adding
    obj.full_clean()
    obj.save()
    changes = diff_fields(before, snapshot(obj))
    for name in BOOKKEEPING:
        changes.pop(name, None)
    return record(
        actor=actor,
        action=Action.CREATED if creating else Action.CHANGED,
        obj=obj,
        summary=summary,
        changes=changes,
        note=note,
        public=public,
    )


def diff_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: diff_values(old.get(name), value)
        for name, value in new.items()
        if old.get(name) != value
    }


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, keyed by field name (foreign keys by id)."""
    values = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name.endswith("_html"):
            continue  # derived from its source field; the source's diff says it all
        values[field.name] = getattr(obj, field.attname)
    return values


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def count_failed_sign_in(*, address: str | None, username: str = "") -> None:
    """One more failed sign-in from `address` this hour; `username` is the account's name
    when the name was one. Never chained: see `SignInFailureTally`."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        tally, _ = SignInFailureTally.objects.get_or_create(
            address=address, hour=hour, username=username
        )
        SignInFailureTally.objects.filter(pk=tally.pk).update(failures=F("failures") + 1)


class CheckpointRefused(Exception):
    """The signer will not sign the head: the message says what is wrong with the chain."""


# With no new entry, the head is signed again this often: a fresh issue time tells
# readers the signer is alive without a row every minute.
REISSUE_AFTER = timedelta(hours=1)


def sign_checkpoint(
    *, private_key: Ed25519PrivateKey, now: datetime | None = None
) -> SignedCheckpoint | None:
    """Sign and store the chain's head, once the chain up to it verifies under AUDIT_KEY
    and extends the last head signed; None when nothing moved since a recent one.

    The signer's own check is what keeps the key from signing a tampered state: whoever
    can write the database but holds neither key gets no signature on their rewrite.
    """
    if not chain.has_key():
        raise CheckpointRefused("AUDIT_KEY is not set: the signer checks every seal it signs.")
    now = now or timezone.now()
    head = checkpoints.current_head(now=now)
    last = _last_signed_by(private_key)
    head_id = head.head.id if head.head else None
    if last is not None and last.head_id == head_id and now - last.issued_at < REISSUE_AFTER:
        return None
    after = None
    if last is not None and last.head_id is not None:
        if problem := checkpoints.database_problem(checkpoints.parse(last.document)):
            raise CheckpointRefused(problem)
        after = (last.head_id, last.head_hash)
    if head_id is not None:
        result = verification.first_broken_link(after=after, until=head_id)
        if result.broken is not None:
            raise CheckpointRefused(
                f"Audit chain broken at entry {result.broken.pk}: {result.reason}."
            )
    signed = replace(head, signature=signing.sign(private_key, head.signed_fields()))
    return SignedCheckpoint.objects.create(
        issued_at=now,
        head_id=head_id,
        head_hash=head.head.hash if head.head else "",
        document=signed.as_json(),
    )


def _last_signed_by(private_key: Ed25519PrivateKey) -> SignedCheckpoint | None:
    """The newest checkpoint this key signed. Anyone who can write the table can add rows
    (the application role may INSERT): one the key did not sign is no starting point,
    or a forged row naming a rewritten head would get the rewrite signed."""
    public_key = private_key.public_key()
    for row in SignedCheckpoint.objects.order_by("-id").iterator(chunk_size=50):
        document = row.document
        fields = {k: v for k, v in document.items() if k != "signature"}
        if signing.signed_by(public_key, document.get("signature"), fields):
            return row
    return None

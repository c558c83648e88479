"""Checkpoints: the head of the audit chain, signed by the signer, for others to keep.

A checkpoint names the newest entry (its id, hash and time), when it was issued, and
where the chain's keying began (`keyed_since`, AUDIT_KEYED_SINCE), signed with Ed25519
by the signer alone (`manage.py audit_sign`; audit/signing.py). The signer signs a
head only once the chain up to it verifies and extends the last head it signed; it
stores each one (`SignedCheckpoint`), and /api/audit/checkpoint.json serves the newest,
signing nothing itself. Readers, mirrors and operators keep copies; later
`verify_audit_log --checkpoint` or bin/verify-checkpoints checks the chain still extends
them: whoever deleted the newest entries, or rewrote a row and recomputed every hash
after it, cannot give the entry a checkpoint names back the hash it had.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from audit import signing
from audit.models import AuditEntry, SignedCheckpoint

FORMAT = "warstatus-audit-checkpoint/2"
# A checkpoint is a few hundred bytes; anything much larger is not one.
MAX_BYTES = 64 * 1024
FETCH_TIMEOUT = 10


class CheckpointError(Exception):
    """A checkpoint that cannot be read or is malformed; the message is a sentence."""


@dataclass(frozen=True)
class Head:
    id: int
    hash: str
    created_at: str


@dataclass(frozen=True)
class Checkpoint:
    head: Head | None  # None: the log was empty
    issued_at: str
    site: str
    keyed_since: int
    signature: str | None  # None: not signed (the head as the database has it now)

    def signed_fields(self) -> dict[str, Any]:
        head = None if self.head is None else vars(self.head).copy()
        return {
            "format": FORMAT,
            "head": head,
            "issued_at": self.issued_at,
            "keyed_since": self.keyed_since,
            "site": self.site,
        }

    def as_json(self) -> dict[str, Any]:
        return {**self.signed_fields(), "signature": self.signature}

    def describe(self, *, with_head: bool = True) -> str:
        where = f"entry {self.head.id}" if self.head else "an empty log"
        return f"the checkpoint issued {self.issued_at}" + (f" (at {where})" if with_head else "")


def current_head(*, now: datetime | None = None) -> Checkpoint:
    """The head as the database has it now, unsigned. One query, by primary key."""
    row = AuditEntry.objects.order_by("-id").values_list("id", "hash", "created_at").first()
    head = None if row is None else Head(id=row[0], hash=row[1], created_at=_utc(row[2]))
    return Checkpoint(
        head=head,
        issued_at=_utc(now or timezone.now()),
        site=settings.SITE_URL,
        keyed_since=settings.AUDIT_KEYED_SINCE,
        signature=None,
    )


def newest_signed() -> dict[str, Any] | None:
    """The newest checkpoint the signer stored, as it signed it. One query."""
    return SignedCheckpoint.objects.order_by("-id").values_list("document", flat=True).first()


def signature_problem(checkpoint: Checkpoint) -> str:
    """Why the checkpoint's signature is not the site's, as a clause; "" if it is, or if
    there is no AUDIT_PUBLIC_KEY to check it with (see `signature_checked`)."""
    return signing.problem(checkpoint.signature, checkpoint.signed_fields())


def signature_checked() -> bool:
    return bool(settings.AUDIT_PUBLIC_KEY)


def database_problem(checkpoint: Checkpoint) -> str:
    """Why the database's chain does not extend `checkpoint`, as a sentence; "" if it does.

    With the chain itself verified, the head entry still holding the recorded hash means
    the chain up to it is the one the checkpoint saw: each hash covers the one before.
    """
    if checkpoint.head is None:
        return ""
    head = checkpoint.head
    stored = AuditEntry.objects.filter(pk=head.id).values_list("hash", flat=True).first()
    if stored is None:
        return (
            f"Entry {head.id}, the head of {checkpoint.describe(with_head=False)}, is missing: "
            "entries were deleted since, or this database is older than the checkpoint."
        )
    if not hmac.compare_digest(stored, head.hash):
        return (
            f"Entry {head.id} no longer has the hash {checkpoint.describe(with_head=False)} "
            "recorded: it, or an entry before it, was rewritten and the hashes recomputed."
        )
    return ""


def load(source: str) -> Checkpoint:
    """A checkpoint from a file or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        text = _fetch(source)
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise CheckpointError(f"Cannot read the checkpoint {source}: {error}.") from None
    try:
        return parse(json.loads(text))
    except (ValueError, CheckpointError) as error:
        raise CheckpointError(f"{source} is not a checkpoint: {error}") from None


def parse(document: Any) -> Checkpoint:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CheckpointError(f'its "format" is not {FORMAT!r}.')
    head = document.get("head")
    if head is not None:
        if not (
            isinstance(head, dict)
            and type(head.get("id")) is int
            and all(isinstance(head.get(k), str) for k in ("hash", "created_at"))
        ):
            raise CheckpointError('its "head" needs an integer id, a hash and a created_at.')
        head = Head(id=head["id"], hash=head["hash"], created_at=head["created_at"])
    issued_at, site, signature = (document.get(k) for k in ("issued_at", "site", "signature"))
    if not isinstance(issued_at, str) or not isinstance(site, str):
        raise CheckpointError('it needs "issued_at" and "site".')
    keyed_since = document.get("keyed_since")
    if type(keyed_since) is not int or keyed_since < 1:
        raise CheckpointError('its "keyed_since" is not a positive integer.')
    if signature is not None and not isinstance(signature, str):
        raise CheckpointError('its "signature" is neither text nor null.')
    return Checkpoint(
        head=head, issued_at=issued_at, site=site, keyed_since=keyed_since, signature=signature
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _fetch(url: str) -> str:
    # An operator's own command, not user input: no address rules, only limits.
    try:
        with httpx.stream("GET", url, timeout=FETCH_TIMEOUT, follow_redirects=True) as response:
            response.raise_for_status()
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise CheckpointError(f"{url} sent more than {MAX_BYTES} bytes.")
    except httpx.HTTPError as error:
        raise CheckpointError(f"Cannot fetch the checkpoint {url}: {error}.") from None
    return body.decode("utf-8", errors="replace")

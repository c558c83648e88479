"""The site-wide audit log: append-only, hash-chained, partly public."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Action(models.TextChoices):
    CREATED = "created", "created"
    CHANGED = "changed", "changed"
    DELETED = "deleted", "deleted"
    PUBLISHED = "published", "published"
    UNPUBLISHED = "unpublished", "unpublished"
    SCHEDULED = "scheduled", "scheduled"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"
    HIDDEN = "hidden", "hidden"
    DUPLICATE = "duplicate", "marked duplicate"
    CHECKED = "checked", "status checked"
    VERDICT_CHANGED = "verdict_changed", "verdict changed"
    RESTORED = "restored", "restored"
    POLLED = "polled", "feed polled"
    NOTIFIED = "notified", "notified"
    LOGIN = "login", "signed in"
    LOGIN_FAILED = "login_failed", "sign-in failed"
    LOGOUT = "logout", "signed out"


# Entries about staff activity and background work, which change no public page:
# they must not empty the page cache (failed sign-ins are anyone's to make, and
# feed polls run every minute).
BACKSTAGE_ACTIONS = frozenset(
    {Action.LOGIN, Action.LOGIN_FAILED, Action.LOGOUT, Action.NOTIFIED, Action.POLLED}
)


HASH_LENGTH = 128
PUBLIC_LIST_FIELDS = ("created_at", "summary", "note", "content_type_id", "object_id", "object_url")


class AuditEntryQuerySet(models.QuerySet):
    def public(self) -> AuditEntryQuerySet:
        return self.filter(public=True)

    def onstage(self) -> AuditEntryQuerySet:
        """Entries that may have changed a public page (all but `BACKSTAGE_ACTIONS`)."""
        # Sorted: the same SQL every time, which the partial index `audit_onstage` matches.
        return self.exclude(action__in=sorted(BACKSTAGE_ACTIONS))

    def newest_first(self) -> AuditEntryQuerySet:
        return self.order_by("-created_at", "-id")

    def for_public_list(self) -> AuditEntryQuerySet:
        """Only what the changelog and the home page show: not the diff, hashes or IP."""
        return self.public().only(*PUBLIC_LIST_FIELDS)

    def for_public_feed(self) -> AuditEntryQuerySet:
        """The changelog's fields and each entry's hash, which ties the feed to the chain."""
        return self.public().only(*PUBLIC_LIST_FIELDS, "hash")

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=ct, object_id=str(obj.pk))


class AuditEntry(models.Model):
    created_at = models.DateTimeField(db_index=True)
    # No database constraint and DO_NOTHING: deleting a user or a model must
    # never try to UPDATE an entry (the table refuses updates on PostgreSQL).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    object_url = models.CharField(
        max_length=300, blank=True, help_text="The public page of the object, if it has one."
    )
    changes = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300)
    note = models.TextField(blank=True, help_text="The editor's public note.")
    public = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # "hmac-sha256:<hex>", or the bare SHA-256 hex of entries from before the key
    # (audit/chain.py); room to spare for a later scheme.
    prev_hash = models.CharField(max_length=HASH_LENGTH, blank=True)
    hash = models.CharField(max_length=HASH_LENGTH, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["public", "-created_at", "-id"], name="audit_public_newest"),
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["action", "-created_at"], name="audit_action_newest"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_newest"),
            # The content version (core.cache_version) reads the newest of these several
            # times a second per process: one index step, however many polls and sign-ins.
            models.Index(
                fields=["-id"],
                name="audit_onstage",
                condition=~models.Q(action__in=sorted(BACKSTAGE_ACTIONS)),
            ),
        ]

    def __str__(self) -> str:
        return self.summary


class SignInFailureTally(models.Model):
    """Failed sign-ins, counted per client network per hour (and per account name when
    the name is an account's), whatever the name.

    Kept out of the hash chain: anyone can make them, so each one written there
    would be an undeletable row of an attacker's text and a write on the chain's lock,
    and a failure for a real name moving the public head (and an unknown name not)
    would tell anyone which names are staff accounts.
    """

    address = models.GenericIPAddressField(null=True, blank=True)
    hour = models.DateTimeField(help_text="The hour (UTC) the failures fell in.")
    username = models.CharField(
        max_length=150,
        blank=True,
        help_text="The account the failures named; blank for names no account has.",
    )
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "failed sign-ins"
        verbose_name_plural = "failed sign-ins"
        constraints = [
            models.UniqueConstraint(
                fields=["address", "hour", "username"], name="audit_tally_per_hour_and_name"
            )
        ]
        ordering = ["-hour", "-failures"]

    def __str__(self) -> str:
        named = f" as {self.username}" if self.username else ""
        where = self.address or "unknown"
        return f"{self.failures}{named} from {where} at {self.hour:%Y-%m-%d %H}:00"


class SignedCheckpoint(models.Model):
    """A checkpoint as the signer signed it (audit/checkpoints.py): append-only, like
    the entries, and the newest is what /api/audit/checkpoint.json serves. A row here
    proves nothing by being here: its Ed25519 signature does."""

    issued_at = models.DateTimeField()
    head_id = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=HASH_LENGTH, blank=True)
    document = models.JSONField()

    class Meta:
        ordering = ["-id"]
        verbose_name = "signed checkpoint"
        verbose_name_plural = "signed checkpoints"

    def __str__(self) -> str:
        return f"Checkpoint at entry {self.head_id} issued {self.issued_at:%Y-%m-%d %H:%M}"

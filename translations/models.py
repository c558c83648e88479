"""Translations of the English content, each tied to the English it translates.

`SourceVersion` is the English of one object at one version (append-only); a
`Submission` is one translator's text for one of those versions; `LiveTranslation` is
what readers may be shown, written only by an approval (or the launch loader), each field
with the fingerprint of the English it translates. Pages compare that fingerprint with
the English they read, so a translation of older English is never shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SourceVersion(models.Model):
    """The English of one object at one version: what a translation says it translates."""

    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField()
    texts = models.JSONField(help_text="The English, {field: text}.")
    hashes = models.JSONField(help_text="Each field's fingerprint, {field: sha256}.")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "version"], name="source_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}, English version {self.version}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "submitted, awaiting a second translator"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"
    SUPERSEDED = "superseded", "superseded"


class Origin(models.TextChoices):
    FORM = "form", "form"
    PO = "po", "PO file"
    XLIFF = "xliff", "XLIFF file"
    LAUNCH = "launch", "launch content"


class Submission(models.Model):
    """One translator's text for one English version, and what became of it."""

    source_version = models.ForeignKey(
        SourceVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    language = models.CharField(max_length=8)
    texts = models.JSONField(help_text="The translation, {field: text}.")
    status = models.CharField(max_length=16, choices=SubmissionStatus.choices)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.FORM)
    # Null only for launch content, which no person translated.
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["language", "status"], name="submission_queue")]

    def __str__(self) -> str:
        return f"{self.language} translation of {self.source_version}"


class LiveTranslation(models.Model):
    """What readers of one language may be shown for one object."""

    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8)
    # {field: {"text": ..., "source_hash": ..., "submission": id}}
    fields = models.JSONField(default=dict)
    # False for launch texts until a translator of the language reviews them.
    reviewed = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="live_translation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} translation of {self.kind} {self.object_id}"

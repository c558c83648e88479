"""One purge of some surrogate keys at one shared cache, kept until that cache said yes.

A row is written in the transaction that records the change, so a purge is never lost:
while the cache is unreachable the row stays pending, and beat sends it when it is back.
"""

from __future__ import annotations

from django.db import models


class PurgeState(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    # Its target is no longer configured: nobody left to tell.
    DROPPED = "dropped", "Dropped"


class Purge(models.Model):
    keys = models.JSONField(help_text="The surrogate keys to purge.")
    target = models.CharField(max_length=300, help_text="The cache told, e.g. varnish http://…")
    # The pages to fetch again once purged, so the first reader after a change gets a hit.
    warm_paths = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=PurgeState, default=PurgeState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    entry_id = models.BigIntegerField(null=True, blank=True, help_text="The audit entry.")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"], name="edge_purge_pending", condition=models.Q(state="pending")
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {' '.join(self.keys)} ({self.state})"

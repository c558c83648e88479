"""Reads that span several entries and the objects they point to."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value

from audit.models import AuditEntry


def _linked_managers(entries: list[AuditEntry]) -> dict[int, tuple[Any, set[str]]]:
    """For each kind of object the entries link to: its manager (None if the model is
    gone) and the ids linked."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_url and entry.content_type_id:
            wanted[entry.content_type_id].add(entry.object_id)
    linked = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        linked[ct_id] = (model._default_manager if model is not None else None, ids)
    return linked


def with_live_links(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Set `entry.live_url` to the object's public page where readers can still open it:
    the object exists and, for models with a `published()` read rule (explainers, FAQ
    answers, curated links), passes it. A withdrawn page is named but not linked.

    One query, however many kinds of object the page links to (a UNION of one SELECT per
    kind), never one per entry.
    """
    readable = []
    for ct_id, (manager, ids) in _linked_managers(entries).items():
        if manager is None:
            continue
        rows = manager.published() if hasattr(manager, "published") else manager.all()
        rows = rows.filter(pk__in=list(ids)).order_by()
        readable.append(
            rows.annotate(linked_type=Value(ct_id, IntegerField())).values_list("linked_type", "pk")
        )
    alive: set[tuple[int, str]] = set()
    if readable:
        found = readable[0].union(*readable[1:], all=True) if len(readable) > 1 else readable[0]
        alive = {(kind, str(pk)) for kind, pk in found}
    for entry in entries:
        live = entry.object_url and (entry.content_type_id, entry.object_id) in alive
        entry.live_url = entry.object_url if live else ""
    return entries


def live_links_change_at(entries: list[AuditEntry]) -> datetime | None:
    """When `with_live_links` would answer differently by the clock alone: the earliest
    scheduled change (`next_change()`, explainers have one) among the kinds of object
    the entries point to. A cached page of these entries expires then."""
    moments = [
        manager.next_change()
        for manager, _ in _linked_managers(entries).values()
        if hasattr(manager, "next_change")
    ]
    return min(filter(None, moments), default=None)


def home_changes(limit: int = 5) -> list[AuditEntry]:
    """The latest public entries for the home page (the audit engineer may refine this)."""
    return with_live_links(list(AuditEntry.objects.for_public_list().newest_first()[:limit]))


def newest_onstage_entry_id() -> int | None:
    """What moves on whenever a public page may have changed: the content version
    (core.cache_version), and the mark the page cache's outage copies are kept under.
    One step of the partial index `audit_onstage`."""
    return AuditEntry.objects.onstage().order_by("-id").values_list("id", flat=True).first()

"""Reads that span several entries and the objects they point to."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.contrib.contenttypes.models import ContentType

from warstatus.audit.models import AuditEntry


def with_live_links(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Set `entry.live_url` to the object's public page where readers can still open it:
    the object exists and, for models with a `published()` read rule (explainers, FAQ
    answers, curated links), passes it. A withdrawn page is named but not linked.

    One query per kind of object on the page (a handful at most), never one per entry.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for entry in entries:
        entry.live_url = ""
        if entry.object_url and entry.content_type_id:
            wanted[entry.content_type_id].add(entry.object_id)
    alive: dict[int, set[str]] = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            alive[ct_id] = set()
            continue
        manager = model._default_manager
        readable = manager.published() if hasattr(manager, "published") else manager.all()
        found = readable.filter(pk__in=list(ids)).values_list("pk", flat=True)
        alive[ct_id] = {str(pk) for pk in found}
    for entry in entries:
        if entry.object_url and entry.object_id in alive.get(entry.content_type_id, ()):
            entry.live_url = entry.object_url
    return entries


def live_links_change_at(entries: list[AuditEntry]) -> datetime | None:
    """When `with_live_links` would answer differently by the clock alone: the earliest
    scheduled change (`next_change()`, explainers have one) among the kinds of object
    the entries point to. A cached page of these entries expires then."""
    moments = []
    for ct_id in {e.content_type_id for e in entries if e.object_url and e.content_type_id}:
        model = ContentType.objects.get_for_id(ct_id).model_class()
        manager = model._default_manager if model is not None else None
        if hasattr(manager, "next_change"):
            moments.append(manager.next_change())
    return min(filter(None, moments), default=None)


def home_changes(limit: int = 5) -> list[AuditEntry]:
    """The latest public entries for the home page (the audit engineer may refine this)."""
    return with_live_links(list(AuditEntry.objects.for_public_list().newest_first()[:limit]))

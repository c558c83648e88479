"""Audited admin: every add, change and delete in the admin writes an audit entry.

Mix AuditedAdminMixin into a ModelAdmin before `admin.ModelAdmin`. The admin already
wraps each save and delete in a transaction, so the entry commits with the change.
Editors can tick "notable" to publish the entry on /changelog/ and add a note. An
admin whose saves go through a service (which writes its own entry) takes the parts:
the audit fields, the history and the audited deletion.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from audit import services as audit
from audit.forms import NOT_NEWS, NOTABLE, NOTE, audit_fields, newsworthy, recorded_as
from audit.hooks import not_news
from audit.models import Action, AuditEntry

HISTORY_LENGTH = 200


class AuditedDeletionMixin:
    """Deleting in the admin, one object or many, records one audit entry per object
    (which also expires the cached public pages that showed them)."""

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            self._record_deletion(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: models.Model) -> None:
        audit.record(
            actor=request.user,
            action=Action.DELETED,
            obj=obj,
            summary=f"{obj._meta.verbose_name.capitalize()} deleted: {obj}",
            changes={
                k: [audit.diff_values(v, None)[0], None] for k, v in audit.snapshot(obj).items()
            },
        )


class AuditFieldsMixin:
    """The audit fields on the admin's form: in the admin's fieldsets if it places them,
    else in a fieldset of their own at the end."""

    audit_fieldset_title = "Record of this change"
    notable_by_default = False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs):
        # The model form must not look for the audit fields on the model.
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [n for n in kwargs["fields"] if n not in (NOTABLE, NOTE, NOT_NEWS)]
        form = super().get_form(request, obj, change=change, **kwargs)
        fields = audit_fields(notable_by_default=self.notable_by_default)
        return type(form.__name__, (form,), fields)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        names = {n for _, opts in fieldsets for n in _flatten(opts.get("fields", ()))}
        if NOTABLE not in names:
            fieldsets.append((self.audit_fieldset_title, {"fields": (NOTABLE, NOT_NEWS, NOTE)}))
        elif NOT_NEWS not in names:  # beside "Notable", wherever the admin placed it
            fieldsets = [
                (title, {**opts, "fields": _beside_notable(opts.get("fields", ()))})
                for title, opts in fieldsets
            ]
        return fieldsets


class AuditHistoryMixin:
    """The object's history is its audit entries: in the audit log for those who may
    read it, otherwise on a page of their own for anyone who may view the object."""

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if request.user.has_perm("audit.view_auditentry"):
            ct = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
            url = reverse("admin:audit_auditentry_changelist")
            return HttpResponseRedirect(
                f"{url}?content_type__id__exact={ct.pk}&object_id={object_id}"
            )
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        entries = AuditEntry.objects.for_object(obj).newest_first()[:HISTORY_LENGTH]
        return TemplateResponse(
            request,
            "admin/audit_object_history.html",
            {
                **self.admin_site.each_context(request),
                "title": f"History of {obj}",
                "object": obj,
                "entries": entries,
                "opts": self.model._meta,
                "length": HISTORY_LENGTH,
            },
        )


class AuditedAdminMixin(AuditFieldsMixin, AuditHistoryMixin, AuditedDeletionMixin):
    """Records every add, change and delete made through the admin's own forms."""

    def save_model(self, request: HttpRequest, obj: models.Model, form, change: bool) -> None:
        before = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(stored) if stored is not None else {}
        with transaction.atomic(), not_news(not newsworthy(form.cleaned_data)):
            super().save_model(request, obj, form, change)
            after = audit.snapshot(obj)
            changes = audit.diff_fields(before, after)
            if change and not changes:
                return
            label = obj._meta.verbose_name.capitalize()
            verb = "updated" if change else "added"
            audit.record(
                actor=request.user,
                action=Action.CHANGED if change else Action.CREATED,
                obj=obj,
                summary=f"{label} {verb}: {obj}",
                changes=changes,
                **recorded_as(form.cleaned_data),
            )


def _beside_notable(fields) -> tuple:
    if NOTABLE not in fields:
        return tuple(fields)
    at = list(fields).index(NOTABLE) + 1
    return (*fields[:at], NOT_NEWS, *fields[at:])


def _flatten(fields) -> list[str]:
    out: list[str] = []
    for item in fields:
        if isinstance(item, list | tuple):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out

"""Editors' tools for the incidents record. Every write goes through incidents.services:
draft, add sources and attributions, publish with a reason, correct in public."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from audit.admin_mixins import AuditedAdminMixin, AuditedDeletionMixin
from core.admin_actions import ReadOnlyAdminMixin, show_on_form
from core.concurrency import ConflictAdminMixin
from incidents import services
from incidents.admin_forms import AttributionForm, IncidentForm, PublishForm, SourceForm
from incidents.models import Attribution, Correction, Incident, IncidentCountry, Source


def _items(rows, words) -> str:
    """An HTML list of `words(row)` for each row (each piece escaped), or a dash."""
    items = format_html_join("", "<li>{}</li>", ((words(row),) for row in rows))
    return format_html("<ul>{}</ul>", items) if items else "—"


@admin.register(Incident)
class IncidentAdmin(AuditedDeletionMixin, ConflictAdminMixin, admin.ModelAdmin):
    form = IncidentForm
    change_form_template = "admin/incidents/incident/change_form.html"
    list_display = ("title", "state", "started_on", "category", "country_codes", "source_count")
    list_filter = ("state", "category")
    search_fields = ("title", "account", "place")
    date_hierarchy = "started_on"
    readonly_fields = ("source_list", "attribution_list", "correction_list")
    fieldsets = [
        (None, {"fields": ("title", "account")}),
        ("When", {"fields": ("started_on", "ended_on", "precision")}),
        ("Where", {"fields": ("countries", "place", "latitude", "longitude")}),
        ("What", {"fields": ("category", "target", "responses")}),
        ("Harm (leave empty where not known)", {"fields": ("killed", "injured", "damage")}),
        ("Why this change", {"fields": ("reason", "expected_version")}),
    ]
    # Shown read-only on an incident's page: each is added on a page of its own, and
    # attributions and corrections are history that is never edited.
    record_fieldset = (
        "On the record",
        {"fields": ("source_list", "attribution_list", "correction_list")},
    )

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [*fieldsets, self.record_fieldset] if obj is not None else fieldsets

    @admin.display(description="sources")
    def source_list(self, incident: Incident) -> str:
        return _items(incident.sources.select_related("link"), str)

    @admin.display(description="attributions (newest first)")
    def attribution_list(self, incident: Incident) -> str:
        return _items(incident.attributions.newest_first(), str)

    @admin.display(description="corrections")
    def correction_list(self, incident: Incident) -> str:
        return _items(incident.corrections.all(), lambda c: f"{c.made_at:%Y-%m-%d}: {c.note}")

    def get_queryset(self, request: HttpRequest):
        countries = Prefetch("countries", queryset=IncidentCountry.objects.order_by("code"))
        return (
            super()
            .get_queryset(request)
            .prefetch_related(countries)
            .annotate(n_sources=Count("sources", distinct=True))
        )

    @admin.display(description="countries")
    def country_codes(self, incident: Incident) -> str:
        return ", ".join(c.code for c in incident.countries.all())

    @admin.display(description="sources", ordering="n_sources")
    def source_count(self, incident: Incident) -> int:
        return incident.n_sources

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The record is corrected, not deleted; a superuser's deletion is audited.
        return request.user.is_superuser

    def history_view(self, request, object_id, extra_context=None):
        return AuditedAdminMixin.history_view(self, request, object_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Incident, form, change: bool) -> None:
        saved = services.save_incident(
            user=request.user,
            incident=obj if change else None,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("expected_version") if change else None,
            checked=form,
        )
        obj.pk, obj.version = saved.pk, saved.version

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the service saved the countries

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["tools"] = {
                "add_source": f"{reverse('admin:incidents_source_add')}?incident={obj.pk}",
                "add_attribution": (
                    f"{reverse('admin:incidents_attribution_add')}?incident={obj.pk}"
                ),
                "publish": reverse("admin:incidents_incident_publish", args=[obj.pk])
                if not obj.is_published and request.user.has_perm("incidents.publish_incident")
                else "",
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="incidents_incident_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        incident = Incident.objects.filter(pk=pk).first()
        if incident is None:
            raise Http404("No such incident.")
        if not request.user.has_perm("incidents.publish_incident"):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.publish_incident(
                    user=request.user, incident=incident, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                # Said on the incident's admin page, where the editor goes on working: a
                # public page (cached, the same for everyone) shows no messages, so the
                # confirmation would wait for the next admin page.
                self.message_user(
                    request,
                    format_html(
                        'Published: “{}”. Readers see it at <a href="{}">{}</a>.',
                        incident.title,
                        incident.get_absolute_url(),
                        incident.get_absolute_url(),
                    ),
                )
                return HttpResponseRedirect(
                    reverse("admin:incidents_incident_change", args=[incident.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Publish “{incident.title}”",
            "incident": incident,
            "sources": list(incident.sources.all()),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/incidents/publish.html", context)


class _AddedThroughService(admin.ModelAdmin):
    """Rows that are only ever added (through a service) and then kept as history.

    `add` is the service; it is given the incident, the reason and `service_fields`."""

    add: Callable[..., Any]
    service_fields: tuple[str, ...] = ()

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        data = form.cleaned_data
        saved = self.add(
            user=request.user,
            incident=data["incident"],
            reason=data["reason"],
            **{name: data.get(name) for name in self.service_fields},
        )
        obj.pk = saved.pk

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        incident = request.GET.get("incident", "")
        return {**initial, "incident": incident} if incident.isdigit() else initial

    def save_related(self, request, form, formsets, change) -> None:
        pass

    def response_add(self, request: HttpRequest, obj, post_url_continue=None):
        self.message_user(request, f"Added to “{obj.incident}”.")
        return HttpResponseRedirect(
            reverse("admin:incidents_incident_change", args=[obj.incident_id])
        )


@admin.register(Source)
class SourceAdmin(_AddedThroughService):
    form = SourceForm
    add = staticmethod(services.add_source)
    service_fields = ("link", "publisher", "title", "published_on")
    list_display = ("title", "publisher", "published_on", "incident", "link")
    list_select_related = ("incident", "link")
    fields = ("incident", "link", "publisher", "title", "published_on", "reason")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Only from a draft: a published incident's sources stay on the record.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.incident.is_published)

    def delete_model(self, request: HttpRequest, obj: Source) -> None:
        services.remove_source(user=request.user, source=obj, reason="Removed from the draft.")

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for source in queryset.select_related("incident"):
            self.delete_model(request, source)


@admin.register(Attribution)
class AttributionAdmin(_AddedThroughService):
    form = AttributionForm
    add = staticmethod(services.add_attribution)
    service_fields = services.ATTRIBUTION_FIELDS
    list_display = ("incident", "stated_on", "confidence", "to_state", "to_actor", "by_name")
    list_select_related = ("incident",)
    list_filter = ("confidence", "by_kind")
    fields = ("incident", *services.ATTRIBUTION_FIELDS, "reason")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # history: a change of attribution is a new record


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a correction is made by saving a change to a published incident."""

    list_display = ("made_at", "incident", "note")
    list_select_related = ("incident",)

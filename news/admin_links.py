"""Moderators' tools for curated links: the queue, approve, reject with a reason, hide,
pin; and the outlets links come from."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from audit.admin_mixins import AuditedAdminMixin
from core.admin_actions import ServiceActionsMixin
from core.admin_times import UKTimesMixin
from core.concurrency import ConflictAdminMixin
from news import services
from news.admin_forms import CuratedLinkForm, OutletForm, ReasonForm
from news.models import CuratedLink, LinkState


class OutletAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = OutletForm
    list_display = ("name", "domain", "standing")
    list_filter = ("standing",)
    search_fields = ("name", "domain")
    # A homepage typed without a scheme is taken as https (Django 6.0's default; 5.2
    # warns until told).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("queue", "Review queue"), *LinkState.choices]

    def queryset(self, request, queryset):
        if self.value() == "queue":
            return queryset.queue()
        if self.value() in LinkState.values:
            return queryset.filter(state=self.value())
        return queryset


class CuratedLinkAdmin(
    UKTimesMixin, ServiceActionsMixin, ConflictAdminMixin, AuditedAdminMixin, admin.ModelAdmin
):
    form = CuratedLinkForm
    conflict_fields = ("title", "url", "context")
    list_display = (
        "title",
        "outlet",
        "state",
        "missing",
        "pinned",
        "reference",
        "submitted_by",
        "claimed_by",
        "decision_reason",
        "created_at",
        "source_published_at",
    )
    list_filter = (StateFilter, "outlet", "pinned", "reference")
    list_select_related = ("outlet", "submitted_by", "claimed_by")
    search_fields = ("title", "url", "context")
    readonly_fields = ("state", "decision_reason", "submitted_by", "approved_by", "approved_at")
    actions = ["claim", "approve", "reject", "hide", "pin", "unpin"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).order_by("state", "created_at")

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not request.user.has_perm(services.MODERATE):
            for name in ("claim", "approve", "reject", "hide", "pin", "unpin"):
                actions.pop(name, None)
        return actions

    @admin.display(description="missing for publication")
    def missing(self, link: CuratedLink) -> str:
        return ", ".join(link.missing_for_publication) or "—"

    def save_model(self, request: HttpRequest, obj: CuratedLink, form, change: bool) -> None:
        if not change:
            obj.submitted_by = request.user
        obj.version += 1 if change else 0
        super().save_model(request, obj, form, change)

    def _each(self, request: HttpRequest, queryset: QuerySet, verb: str, call) -> None:
        self.run_on_each(
            request,
            queryset,
            call,
            done=lambda links: f"{len(links)} link(s) {verb}.",
            refused=lambda link, why: f"Not {verb}: “{link.title}”: {why}",
        )

    @admin.action(description="Claim for review (others leave them to you for 30 minutes)")
    def claim(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "claimed",
            lambda link: services.claim_for_review(moderator=request.user, item=link),
        )

    @admin.action(description="Approve and publish selected links")
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "published",
            lambda link: services.publish_link(moderator=request.user, link=link),
        )

    def _with_reason(self, request, queryset, action: str, verb: str, call):
        return self.ask_then_run(
            request,
            queryset,
            form_class=ReasonForm,
            action=action,
            title=f"{verb.capitalize()}: give a reason",
            run=lambda data: self._each(
                request, queryset, verb, lambda link: call(link, data["reason"])
            ),
        )

    @admin.action(description="Reject selected links (asks for a reason)")
    def reject(self, request: HttpRequest, queryset: QuerySet):
        return self._with_reason(
            request,
            queryset,
            "reject",
            "rejected",
            lambda link, reason: services.reject_link(
                moderator=request.user, link=link, reason=reason
            ),
        )

    @admin.action(description="Hide selected published links (asks for a reason)")
    def hide(self, request: HttpRequest, queryset: QuerySet):
        return self._with_reason(
            request,
            queryset,
            "hide",
            "hidden",
            lambda link, reason: services.hide_link(
                moderator=request.user, link=link, reason=reason
            ),
        )

    @admin.action(description="Pin selected links")
    def pin(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "pinned",
            lambda link: services.set_pinned(moderator=request.user, link=link, pinned=True),
        )

    @admin.action(description="Unpin selected links")
    def unpin(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "unpinned",
            lambda link: services.set_pinned(moderator=request.user, link=link, pinned=False),
        )

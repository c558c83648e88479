"""The about page's records in the admin; every save goes through pages.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from audit.admin_mixins import AuditHistoryMixin
from pages import services
from pages.models import Correction, Publisher, StaffProfile


class _ServiceRulesForm(forms.ModelForm):
    """Runs the service's own rules in `clean`, so a refusal shows on the form."""

    rule_fields: tuple[str, ...] = ()

    def rules(self, **values: str) -> dict[str, str]:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) or "" for name in self.rule_fields}
        for field, message in self.rules(**values).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class PublisherForm(_ServiceRulesForm):
    rule_fields = ("name",)

    def rules(self, **values: str) -> dict[str, str]:
        return services.publisher_errors(**values)


class StaffProfileForm(_ServiceRulesForm):
    rule_fields = ("display_name", "role_title", "bio")

    def rules(self, **values: str) -> dict[str, str]:
        return services.profile_errors(**values)


class CorrectionForm(_ServiceRulesForm):
    rule_fields = ("page", "wrong", "corrected")

    def rules(self, **values: str) -> dict[str, str]:
        return services.correction_errors(**values)


@admin.register(Publisher)
class PublisherAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """One row: the operator (a superuser) states who publishes the site."""

    form = PublisherForm
    fields = services.PUBLISHER_FIELDS
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        if Publisher.objects.exists():  # one row: adding again edits it
            return HttpResponseRedirect(
                reverse("admin:pages_publisher_change", args=[Publisher.SINGLETON])
            )
        return super().add_view(request, form_url, extra_context)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the site always says who publishes it, or that nobody has said

    def changelist_view(self, request: HttpRequest, extra_context=None):
        if Publisher.objects.exists():
            return HttpResponseRedirect(
                reverse("admin:pages_publisher_change", args=[Publisher.SINGLETON])
            )
        return HttpResponseRedirect(reverse("admin:pages_publisher_add"))

    def save_model(self, request: HttpRequest, obj: Publisher, form, change: bool) -> None:
        saved = services.save_publisher(
            user=request.user, **{name: form.cleaned_data[name] for name in self.fields}
        )
        obj.pk = saved.pk


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Each staff member writes their own public profile; an operator may edit any."""

    form = StaffProfileForm
    list_display = ("display_name", "role_title", "named_publicly", "user")
    fields = ("user", "display_name", "role_title", "bio", "named_publicly")

    def _may_edit_others(self, request: HttpRequest) -> bool:
        return request.user.has_perm("pages.change_staffprofile")

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if self._may_edit_others(request) else queryset.filter(user=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return () if self._may_edit_others(request) else ("user",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Adding a second profile of one's own edits the first (save_profile).
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if self._may_edit_others(request):
            return True
        return request.user.is_staff and (obj is None or obj.user_id == request.user.pk)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # untick "named publicly" to leave the about page

    def save_model(self, request: HttpRequest, obj: StaffProfile, form, change: bool) -> None:
        data = form.cleaned_data
        saved = services.save_profile(
            user=request.user,
            profile_of=data.get("user") or (obj.user if change else request.user),
            display_name=data["display_name"],
            role_title=data.get("role_title", ""),
            bio=data.get("bio", ""),
            named_publicly=data.get("named_publicly", False),
        )
        obj.pk = saved.pk


@admin.register(Correction)
class CorrectionAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Corrections are added, never edited or deleted: the record of an error stays."""

    form = CorrectionForm
    list_display = ("corrected_at", "page", "corrected")
    fields = ("page", "wrong", "corrected")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Correction, form, change: bool) -> None:
        data = form.cleaned_data
        saved = services.record_correction(
            user=request.user, page=data["page"], wrong=data["wrong"], corrected=data["corrected"]
        )
        obj.pk = saved.pk

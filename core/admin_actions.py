"""Running a service from the admin, and telling the editor in words why it refused.

Services refuse with ValidationError (what is wrong) or PermissionDenied (who may not).
An admin action runs a service on each selected item and turns each refusal into a
message; an admin form shows the refusal beside the field it names. Either way the
editor reads the service's own words, and a refusal never ends in an error page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse

from core.concurrency import Rebasable, StaleEdit

REFUSALS = (ValidationError, PermissionDenied)


def in_words(refusal: ValidationError | PermissionDenied) -> str:
    """A service's refusal as the sentence an editor reads."""
    if isinstance(refusal, ValidationError):
        return "; ".join(refusal.messages)
    return str(refusal)


def show_on_form(form: forms.Form, refusal: ValidationError) -> None:
    """A service's refusal on the form that asked for it: beside the field it names, or
    above the form. A stale edit also keeps what the editor typed for merging."""
    if isinstance(refusal, StaleEdit) and isinstance(form, Rebasable):
        form.rebase(refusal)
    elif hasattr(refusal, "error_dict"):
        for field, errors in refusal.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal.messages)


class ServiceActionsMixin:
    """Admin actions that call a service for each selected item."""

    def run_on_each(
        self,
        request: HttpRequest,
        items: Iterable[Any],
        call: Callable[[Any], object],
        *,
        done: Callable[[list[Any]], str] | None = None,
        refused: Callable[[Any, str], str] = lambda item, why: why,
    ) -> None:
        """Call the service on every item; one refusal stops only its own item.

        `done` says once what went through; `refused` words each refusal, given the
        item and the service's reason.
        """
        succeeded, refusals = [], []
        for item in items:
            try:
                call(item)
            except REFUSALS as exc:
                refusals.append(refused(item, in_words(exc)))
            else:
                succeeded.append(item)
        if succeeded and done is not None:
            self.message_user(request, done(succeeded))
        for text in refusals:
            self.message_user(request, text, level=messages.ERROR)

    def ask_then_run(
        self,
        request: HttpRequest,
        queryset: Any,
        *,
        form_class: type[forms.Form],
        action: str,
        title: str,
        run: Callable[[dict[str, Any]], object],
    ) -> TemplateResponse | None:
        """An action that needs words first (a reason, a comment): the first click asks
        for them, the second runs `run` with the cleaned form."""
        sent = any(name in request.POST for name in form_class.base_fields)
        form = form_class(request.POST if sent else None)
        if form.is_bound and form.is_valid():
            run(form.cleaned_data)
            return None
        return TemplateResponse(
            request,
            "admin/ask_before_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "items": queryset,
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class ReadOnlyAdminMixin:
    """For records written only by services and tasks (the audit log, tallies,
    corrections, announcements, proposals): staff read them, nobody types them."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

"""No lost edits: a save based on an out-of-date copy is refused, and the editor sees what
the other person saved beside what they typed, so they can merge the two.

Every form that edits shared content sends back which copy the editor saw: a row's
`version` (bumped by every save), or for the verdict the id of the one shown. Services
refuse a save based on an older copy with `StaleEdit`, which carries the newer copy;
the admin shows it above the form and keeps everything the editor typed below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib.admin.utils import display_for_field
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

Row = TypeVar("Row", bound=models.Model)


class StaleEdit(ValidationError):
    """Someone else saved after the editor opened the page; `current` is what they saved
    (None when there is nothing yet)."""

    def __init__(self, current: Any, message: str | None = None):
        super().__init__(
            message
            or (
                "Someone else saved this after you opened it (now version "
                f"{current.version}). Their text is shown above the form; yours is kept "
                "below. Merge the two, then save again."
            )
        )
        self.current = current


def lock_for_edit(
    rows: models.QuerySet[Row] | models.Manager[Row], *, pk: Any, expected_version: int | None
) -> Row:
    """The row, locked until the transaction ends, unless it has been saved since the
    editor opened it at `expected_version`: then StaleEdit, carrying that newer save.

    The lock holds off every other save until this one commits, so the check stays
    true until the caller saves with `version + 1`. `None` skips the check: the system
    itself (launch content, a restored revision) edits the newest copy by definition.
    """
    current = rows.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current)
    return current


class Rebasable:
    """A form that sends back which copy the editor saw (the hidden `based_on_field`).

    Refused as stale, it keeps everything the editor typed and rests on the newer copy,
    so sending it again is a deliberate merge rather than a refusal for ever.
    """

    based_on_field = "expected_version"
    conflict: Any = None

    def based_on(self, current: Any) -> Any:
        """What the hidden field says for a page showing `current`."""
        return current.version

    def rebase(self, stale: StaleEdit) -> None:
        self.conflict = stale.current
        self.data = self.data.copy()
        self.data[self.add_prefix(self.based_on_field)] = self.based_on(stale.current)
        self.add_error(None, stale)


class VersionFields(Rebasable, forms.Form):
    """The version the editor opened, sent back with the form."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionedForm(VersionFields, forms.ModelForm):
    """An admin model form that refuses, with the other save shown, a save over a newer one.

    The admin saves inside a transaction, so the row locked here stays locked until
    the save: nobody can slip in between the check and the save.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                lock_for_edit(
                    type(self.instance)._default_manager,
                    pk=self.instance.pk,
                    expected_version=cleaned.get("expected_version"),
                )
            except StaleEdit as stale:
                self.rebase(stale)
        return cleaned


def conflict_context(form: forms.Form, fields: Sequence[str]) -> dict[str, Any]:
    """What the other person saved, field by field, for `admin/_conflict.html`."""
    current = getattr(form, "conflict", None)
    rows = []
    if current is not None:
        for name in fields:
            field = current._meta.get_field(name)
            value = display_for_field(getattr(current, name), field, "—", avoid_link=True)
            rows.append((capfirst(field.verbose_name), value))
    return {"conflict": current, "conflict_rows": rows}


class ConflictAdminMixin:
    """Shows the other person's save above the change form when a save is refused.

    `conflict_fields` are the fields shown: what an editor needs to merge by hand.
    """

    change_form_template = "admin/conflict_change_form.html"
    conflict_fields: Sequence[str] = ()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(conflict_context(context["adminform"].form, self.conflict_fields))
        return super().render_change_form(request, context, add, change, form_url, obj)

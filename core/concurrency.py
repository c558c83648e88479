"""No lost edits: a save based on an out-of-date copy is refused and merged, field by
field, with what the other person saved; the editor saves the merge deliberately.

Every form that edits shared content sends back which copy the editor saw: a row's
`version` (bumped by every save), or for the verdict the id of the one shown. Services
refuse a save based on an older copy with `StaleEdit`, which carries the newer copy.

The form also carries, signed, the values of the copy it was opened from (`merge_state`),
so a refusal is a three-way merge rather than a choice between two whole copies:
- a field the editor did not touch takes the newer saved value;
- a field only the editor changed keeps the editor's value;
- a field both changed is shown side by side, and the editor chooses (keep mine, as
  typed or edited, or take theirs) before saving again;
- a save that would remove text someone else added since the editor opened the page
  needs a ticked box that quotes that text.
None of this needs JavaScript: the state travels in hidden fields and radio buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import path, reverse

from core import textdiff

Row = TypeVar("Row", bound=models.Model)

MERGE_SALT = "core.concurrency.merge"
STATE_FIELD = "merge_state"
CONFIRM_FIELD = "confirm_removal"
RESOLVE_PREFIX = "resolve_"
# What a form sends about this one change, never a value of the copy being edited.
UNMERGED = frozenset(
    {"audit_note", "audit_public", "reason", "accept_dropped", STATE_FIELD, CONFIRM_FIELD}
)


class StaleEdit(ValidationError):
    """Someone else saved after the editor opened the page; `current` is what they saved
    (None when there is nothing yet)."""

    def __init__(self, current: Any, message: str | None = None):
        super().__init__(
            message
            or (
                "Someone else saved this after you opened it (now version "
                f"{current.version}). Nothing of yours is lost: their changes to what "
                "you did not touch are now in the form, and yours are kept below. Check "
                "the merge above the form, then save again."
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


# -- The merge rules, on plain values ------------------------------------------------


def plain(value: Any) -> Any:
    """A field's value in a form both a saved row and a submitted form give alike, and
    that JSON can carry: rows by key, times in UTC to the second, text without CRLF."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        if all(isinstance(v, str | int) for v in items):
            return sorted(items, key=str)  # a set of choices: the order is not an edit
        return items
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if value is None:
        return ""
    return value


UNKNOWN = object()  # a submitted value that did not validate: touched, but unknown


@dataclass
class FieldMerge:
    """The outcome of merging one editor's save with a newer one, field by field."""

    values: dict[str, Any] = field(default_factory=dict)  # the merged value of each field
    taken: list[str] = field(default_factory=list)  # only they changed: theirs is taken
    kept: list[str] = field(default_factory=list)  # only the editor changed: theirs kept
    clashes: list[str] = field(default_factory=list)  # both changed, differently


def merge(
    base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> FieldMerge:
    """The three-way merge of plain values. `base` is the copy the editor opened; None
    (a page from before the form carried it) counts every difference as a clash."""
    result = FieldMerge()
    for name, their_value in theirs.items():
        my_value = mine.get(name, UNKNOWN)
        opened = UNKNOWN if base is None else base.get(name, UNKNOWN)
        if my_value == their_value:
            result.values[name] = their_value
        elif opened is not UNKNOWN and my_value == opened:
            result.values[name] = their_value
            result.taken.append(name)
        elif opened is not UNKNOWN and their_value == opened:
            result.values[name] = my_value
            result.kept.append(name)
        else:
            result.values[name] = my_value
            result.clashes.append(name)
    return result


def others_added(
    base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, list[str]]:
    """For each text field, the lines the other save added since the editor opened it
    (without the opened copy: the lines of theirs the editor's copy lacks)."""
    added = {}
    for name, their_value in theirs.items():
        if not isinstance(their_value, str):
            continue
        before = mine.get(name, "") if base is None else base.get(name, "")
        lines = textdiff.added_lines(before if isinstance(before, str) else "", their_value)
        if lines:
            added[name] = lines
    return added


def removed(added: Mapping[str, Sequence[str]], final: Mapping[str, Any]) -> list[str]:
    """The lines others added that the values about to be saved no longer hold."""
    lost = []
    for name, lines in added.items():
        value = final.get(name)
        if isinstance(value, str):
            lost.extend(textdiff.missing_lines(lines, value))
    return lost


# -- Forms ---------------------------------------------------------------------------


def _signed(state: dict) -> str:
    return signing.dumps(state, salt=MERGE_SALT, compress=True)


def _unsigned(text: str) -> dict | None:
    try:
        state = signing.loads(text, salt=MERGE_SALT)
    except signing.BadSignature:
        return None
    return state if isinstance(state, dict) and isinstance(state.get("v"), dict) else None


def _as_submitted(form: forms.Form, name: str, value: Any) -> None:
    """Put a plain value into the form's data as its widget would have sent it."""
    formfield, key, data = form.fields[name], form.add_prefix(name), form.data
    widget = getattr(formfield.widget, "widget", formfield.widget)  # the admin's wrapper
    if isinstance(widget, forms.MultiWidget):
        if isinstance(value, str) and value and isinstance(formfield, forms.SplitDateTimeField):
            value = dt.datetime.fromisoformat(value)
        parts = widget.decompress(value or None)
        for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            data[key + suffix] = sub.format_value(part) or ""
    elif getattr(widget, "allow_multiple_selected", False):
        items = [str(v) for v in value or []]
        if hasattr(data, "setlist"):
            data.setlist(key, items)
        else:
            data[key] = items
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(formfield, forms.JSONField):
        data[key] = formfield.prepare_value(value)
    else:
        data[key] = str(value)


@dataclass
class Clash:
    """A field both editors changed, for the side-by-side choice above the form."""

    name: str
    label: str
    mine: Any
    theirs: Any
    choice_name: str
    chosen: str


class Rebasable:
    """A form that sends back which copy the editor saw (the hidden `based_on_field`)
    and, signed, that copy's values (`merge_state`), so a refusal can merge.

    Refused as stale, it takes the newer copy's value for every field the editor did
    not touch, keeps the editor's own changes, asks about fields both changed, and rests
    on the newer copy: sending it again is a deliberate merge, never a silent overwrite.
    """

    based_on_field = "expected_version"
    conflict: Any = None
    merged: FieldMerge | None = None
    lost: list[str]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lost = []
        self.fields[STATE_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self._opened_state
        )
        self.opened = _unsigned(self.data.get(self.add_prefix(STATE_FIELD), "") or "")
        if self.is_bound and self.opened:
            self._take_theirs_where_chosen()

    def based_on(self, current: Any) -> Any:
        """What the hidden field says for a page showing `current`."""
        return current.version

    # What is merged ---------------------------------------------------------------

    def merge_names(self, names: Any) -> list[str]:
        return [n for n in names if n in self.fields and n not in UNMERGED | {self.based_on_field}]

    def values_of(self, obj: Any) -> dict[str, Any]:
        """The plain values of a saved copy, as this form would show them."""
        names = self.merge_names(self.opened["v"] if self.opened else self.fields)
        values = {}
        for name in names:
            try:
                model_field = obj._meta.get_field(name)
            except (AttributeError, FieldDoesNotExist):
                values[name] = plain(getattr(obj, name, None))
                continue
            if model_field.many_to_many or model_field.one_to_many:
                values[name] = plain(list(getattr(obj, name).all()))
            else:
                values[name] = plain(model_field.value_from_object(obj))
        return values

    def _opened_state(self) -> str:
        """The signed values of the copy the page shows (the hidden field's initial)."""
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is None:
            return ""  # a new row: there is no one else's save to merge with
        names = self.merge_names(self.initial)
        values = {n: plain(self.get_initial_for_field(self.fields[n], n)) for n in names}
        return _signed({"v": values})

    def _submitted(self, cleaned: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
        return {n: plain(cleaned[n]) if n in cleaned else UNKNOWN for n in names}

    # After a refusal -------------------------------------------------------------

    def _take_theirs_where_chosen(self) -> None:
        chosen = [n for n in self.opened.get("c", []) if self._choice(n) == "theirs"]
        if chosen:
            self.data = self.data.copy()
            for name in chosen:
                if name in self.fields and name in self.opened["v"]:
                    _as_submitted(self, name, self.opened["v"][name])

    def _choice(self, name: str) -> str:
        return self.data.get(self.add_prefix(RESOLVE_PREFIX + name), "")

    def check_merge(self, cleaned: Mapping[str, Any]) -> None:
        """On the save after a refusal: every clash chosen, and any text someone else
        added that this save removes named and confirmed."""
        if not self.opened:
            return
        for name in self.opened.get("c", []):
            if name in self.fields and self._choice(name) not in ("mine", "theirs"):
                self.add_error(
                    name,
                    "You and someone else both changed this since you opened the page: "
                    "choose above the form whether to keep yours or take theirs.",
                )
        self.lost = removed(self.opened.get("a", {}), self._submitted(cleaned, list(cleaned)))
        confirmed = self.data.get(self.add_prefix(CONFIRM_FIELD), "")
        if self.lost and confirmed != textdiff.token(self.lost):
            self.add_error(
                None,
                "Saving this removes text someone else added since you opened the page: “"
                + textdiff.summarise(self.lost)
                + "”. Put it back, or tick the box above the form to remove it.",
            )

    def rebase(self, stale: StaleEdit) -> None:
        current = stale.current
        self.conflict = current
        self.data = self.data.copy()
        self.data[self.add_prefix(self.based_on_field)] = self.based_on(current)
        base = self.opened["v"] if self.opened else None
        theirs = self.values_of(current) if current is not None else {}
        cleaned = getattr(self, "cleaned_data", {})
        mine = self._submitted(cleaned, list(theirs))
        self.merged = merge(base, mine, theirs)
        for name in self.merged.taken:
            _as_submitted(self, name, theirs[name])
        # Text others added: what this page already knew of, still there, and what is new.
        added = {
            n: textdiff.present_lines(lines, theirs.get(n, ""))
            for n, lines in ((self.opened or {}).get("a", {})).items()
        }
        for name, lines in others_added(base, mine, theirs).items():
            added[name] = [*added.get(name, []), *lines]
        state = {
            "v": theirs,
            "c": self.merged.clashes,
            "a": {n: ls for n, ls in added.items() if ls},
        }
        self.data[self.add_prefix(STATE_FIELD)] = _signed(state)
        self.opened = state
        self.add_error(None, stale)

    # For the page -----------------------------------------------------------------

    def clashes(self) -> list[Clash]:
        if not self.opened:
            return []
        rows = []
        for name in self.opened.get("c", []):
            if name not in self.fields:
                continue
            raw = self[name].value()
            rows.append(
                Clash(
                    name=name,
                    label=str(self[name].label),
                    mine=_shown(raw),
                    theirs=_shown(self.opened["v"].get(name)),
                    choice_name=self.add_prefix(RESOLVE_PREFIX + name),
                    chosen=self._choice(name),
                )
            )
        return rows

    def labels(self, names: Sequence[str]) -> list[str]:
        return [str(self[n].label) for n in names if n in self.fields]

    def clean(self):
        cleaned = super().clean()
        cleaned.pop(STATE_FIELD, None)  # the form's own bookkeeping, not for the services
        self.check_stale(cleaned)
        if self.conflict is None:
            self.check_merge(cleaned)
        return cleaned

    def check_stale(self, cleaned: Mapping[str, Any]) -> None:
        """Forms whose service checks the version later (status) do nothing here."""


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value) or "—"
    return str(value) if value not in ("", None) else "—"


class VersionFields(Rebasable, forms.Form):
    """The version the editor opened, sent back with the form."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionedForm(VersionFields, forms.ModelForm):
    """An admin model form that refuses, with the other save merged in, a save over a
    newer one.

    The admin saves inside a transaction, so the row locked here stays locked until
    the save: nobody can slip in between the check and the save.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.version

    def check_stale(self, cleaned: Mapping[str, Any]) -> None:
        if self.instance.pk:
            try:
                lock_for_edit(
                    type(self.instance)._default_manager,
                    pk=self.instance.pk,
                    expected_version=cleaned.get("expected_version"),
                )
            except StaleEdit as stale:
                self.rebase(stale)


def conflict_context(form: forms.Form, fields: Sequence[str] = ()) -> dict[str, Any]:
    """The merge to show above the form (`admin/_conflict.html`): the other save, what
    was taken from it, the clashes to choose between and the text a save would remove.
    `fields` is no longer needed (every field merges) and kept for older callers."""
    merged = getattr(form, "merged", None)
    lost = getattr(form, "lost", [])
    return {
        "conflict": getattr(form, "conflict", None),
        "merge": {
            "taken": form.labels(merged.taken) if merged else [],
            "kept": form.labels(merged.kept) if merged else [],
            "clashes": form.clashes() if isinstance(form, Rebasable) else [],
            "lost": textdiff.summarise(lost) if lost else "",
            "lost_lines": lost,
            "confirm_name": form.add_prefix(CONFIRM_FIELD),
            "confirm_token": textdiff.token(lost) if lost else "",
        },
    }


class ConflictAdminMixin:
    """Shows the merge above the change form when a save is refused as stale, and
    offers the page's script the row's version (`<pk>/version/`), so an editor is told
    while editing that someone else has saved."""

    change_form_template = "admin/conflict_change_form.html"
    conflict_fields: Sequence[str] = ()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(conflict_context(context["adminform"].form, self.conflict_fields))
        if obj is not None and obj.pk is not None:
            info = self.opts.app_label, self.opts.model_name
            context["version_url"] = reverse("admin:{}_{}_version".format(*info), args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/version/",
                self.admin_site.admin_view(self.version_view),
                name="{}_{}_version".format(*info),
            ),
            *super().get_urls(),
        ]

    def version_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """The row's version now: a few bytes, asked every few seconds while editing."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such item.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return JsonResponse({"version": obj.version})  # the admin's views are never cached

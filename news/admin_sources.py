"""Editing a claim's sources in the admin: one row per source (address, title, date,
archived copy), for any claim. The services decide; these forms only collect the rows.

- `SourceFormSet`: plain rows, for a page the admin does not build (an indicator's form);
- `SourceInline`: the same rows as an inline on a model's change form (explainers, FAQ),
  whose `publishes(instance)` says whether saving would publish the claim, so that the
  publishing rule shows beside the rows instead of as a failed save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet

from news import services_sources
from news.models import Source

HELP = (
    "At least one page readers can open from a primary source (NATO, a government, a "
    "parliament, a court) or a reputable outlet; outlets marked as disinformation are refused."
)


def _named(label: str, widget: type[forms.Widget] = forms.TextInput) -> forms.Widget:
    # Rows sit in a table under column headings: each box names itself for screen readers.
    return widget(attrs={"aria-label": label})


class SourceRowForm(forms.Form):
    url = forms.URLField(
        label="Address",
        max_length=1000,
        assume_scheme="https",
        widget=_named("Address", forms.URLInput),
    )
    title = forms.CharField(max_length=300, widget=_named("Title"))
    published_on = forms.DateField(
        label="Published", required=False, widget=_named("Published (YYYY-MM-DD)", forms.DateInput)
    )
    archived_url = forms.URLField(
        label="Archived copy",
        max_length=1000,
        required=False,
        assume_scheme="https",
        widget=_named("Archived copy", forms.URLInput),
    )


# The inline's form prefix (Django's default for news.Source through content_type/object_id).
INLINE_PREFIX = "news-source-content_type-object_id"


def rows_were_sent(data) -> bool:
    """Whether a change form sent the source rows (an older copy of the page may not)."""
    return f"{INLINE_PREFIX}-TOTAL_FORMS" in data


def check_kept_sources(claim: Any, *, claim_words: str, publishing: bool) -> None:
    """For a form sent without the rows: the sources kept must meet the rule."""
    if not publishing:
        return
    kept = services_sources.source_rows(claim) if claim.pk else []
    tidy = services_sources.clean_sources(kept, claim=claim_words)
    services_sources.refuse_unsourced(tidy, claim=claim_words)


class _SourceRows(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Remove this source"


SourceFormSet = forms.formset_factory(SourceRowForm, formset=_SourceRows, extra=2, can_delete=True)


def rows(formsets: Any) -> list[dict[str, Any]]:
    """The sources the editor left in one or more formsets, in order."""
    if not isinstance(formsets, list | tuple):
        formsets = [formsets]
    kept = []
    for formset in formsets:
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("url") or data.get("DELETE"):
                continue
            kept.append({name: data.get(name) for name in services_sources.FIELDS})
    return kept


def source_formset(data=None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    return SourceFormSet(data, initial=initial or [], prefix="sources")


class _PublishingRuleFormSet(BaseGenericInlineFormSet):
    """Refuses, beside the rows, what the service would refuse on publishing."""

    publishes: Callable[[Any], bool] = staticmethod(lambda instance: False)
    claim_words: Callable[[Any], str] = staticmethod(str)

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        claim = self.claim_words(self.instance)
        tidy = services_sources.clean_sources(rows(self), claim=claim)
        if self.publishes(self.instance):
            services_sources.refuse_unsourced(tidy, claim=claim)


class SourceInline(GenericTabularInline):
    """A claim's sources on its change form. Subclasses set `publishes` and `claim_words`;
    the model admin saves them through its service (see `rows`)."""

    model = Source
    fields = ("url", "title", "published_on", "archived_url")
    extra = 1
    verbose_name_plural = "sources"
    publishes: Callable[[Any], bool] = staticmethod(lambda instance: False)
    claim_words: Callable[[Any], str] = staticmethod(str)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, formset=_PublishingRuleFormSet, **kwargs)
        formset.publishes = staticmethod(self.publishes)
        formset.claim_words = staticmethod(self.claim_words)
        formset.help_text = HELP
        return formset


def rows_or_none(formsets: list[Any]) -> list[dict[str, Any]] | None:
    """The inline sources among an admin's formsets, or None when the page had none."""
    ours = [f for f in formsets if f.model is Source]
    return rows(ours) if ours else None

"""The editors' forms for the incidents record: each runs the services' own checks, so a
problem is a sentence beside its field and nothing is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst

from core.concurrency import VersionedForm, plain
from incidents import services
from incidents.countries import CHOICES as COUNTRY_CHOICES
from incidents.models import INCIDENT_FIELDS, Attribution, Incident, Source
from incidents.validation import IncidentFields, check_attribution, check_source
from news.models import CuratedLink, LinkState


def _show(form: forms.Form, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


class _Reason(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why this change. Once the incident is published, readers see it in the "
        "changelog.",
    )


class IncidentForm(IncidentFields, VersionedForm):
    """The rules' own fields (`IncidentFields`), labelled as the model names them; the
    service takes the validated form as it is (`checked`)."""

    reason = _Reason.base_fields["reason"]

    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in INCIDENT_FIELDS:
            field = Incident._meta.get_field(name)
            self.fields[name].label = capfirst(field.verbose_name)
            self.fields[name].help_text = field.help_text
        self.fields["countries"].help_text = (
            "Every country where it happened (hold Ctrl or ⌘ to choose several). "
            "Whether each was a NATO member is worked out from the start date."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["countries"] = list(self.instance.countries.values_list("code", flat=True))
        if self.instance.pk and self.instance.is_published:
            self.fields["reason"].label = "Correction note (public)"
            self.fields["reason"].help_text = (
                "This incident is published: saving a change publishes this note, dated, on "
                "the incident and in the changelog. Say what was wrong and what it says now."
            )

    def values_of(self, obj: Incident) -> dict[str, Any]:
        # The form picks countries by code; the rows behind them are the incident's own.
        values = super().values_of(obj)
        if "countries" in values:
            values["countries"] = plain([c.code for c in obj.countries.all()])
        return values


class SourceForm(forms.ModelForm):
    reason = _Reason.base_fields["reason"]

    class Meta:
        model = Source
        fields = ("incident", "link", "publisher", "title", "published_on")
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "title": "For a curated link, leave empty to use the link's title.",
            "published_on": "Required for a source without a link.",
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        usable = CuratedLink.objects.exclude(state__in=[LinkState.REJECTED, LinkState.HIDDEN])
        self.fields["link"].queryset = usable.select_related("outlet").order_by("-created_at")
        self.fields["link"].label_from_instance = _link_label

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        link, incident = cleaned.get("link"), cleaned.get("incident")
        if link is not None and incident is not None and incident.sources.filter(link=link):
            self.add_error("link", "That link is already a source of this incident.")
        _tidy, errors = check_source(
            link=link,
            publisher=cleaned.get("publisher", ""),
            title=cleaned.get("title", ""),
            published_on=cleaned.get("published_on"),
        )
        _show(self, {k: v for k, v in errors.items() if k not in self.errors})
        return cleaned


def _link_label(link: CuratedLink) -> str:
    outlet = f" — {link.outlet.name}" if link.outlet_id else ""
    state = "" if link.state == LinkState.PUBLISHED else f" ({link.get_state_display().lower()})"
    return f"{link.title}{outlet}{state}"


class AttributionForm(forms.ModelForm):
    to_state = forms.ChoiceField(
        required=False,
        choices=[("", "— none or not a state —"), *COUNTRY_CHOICES],
        label="To which state",
        help_text="The state held responsible, if any. Name anyone else in detail below.",
    )
    reason = _Reason.base_fields["reason"]

    class Meta:
        model = Attribution
        fields = ("incident", *services.ATTRIBUTION_FIELDS)
        widgets = {"stated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _tidy, errors = check_attribution(
            {name: cleaned.get(name) for name in services.ATTRIBUTION_FIELDS}
        )
        _show(self, {k: v for k, v in errors.items() if k not in self.errors})
        return cleaned


class PublishForm(_Reason):
    pass

"""The editors' forms for the status: each sends back what the editor saw, so a save
based on a verdict or an indicator that has since changed is refused, not lost."""

from django import forms

from audit.forms import notable_field
from core.concurrency import Rebasable, VersionFields
from news.admin_sources import HELP, rows, source_formset
from status.models import Indicator, IndicatorKind, IndicatorState, State


class SourceRows:
    """A form's sources, one row each (an inline, like an incident's), starting from
    `sources`; the service checks them against the publishing rule. A form sent without
    the rows (an older page) keeps the sources as they were."""

    sources_help = HELP

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = source_formset(self.data if self.is_bound else None, initial=sources)
        self.sources_before = sources or []

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and "sources-TOTAL_FORMS" not in self.data:
            cleaned["sources"] = self.sources_before
            return cleaned
        if not self.sources.is_valid():
            raise forms.ValidationError("Check the sources below: one of them is not right.")
        cleaned["sources"] = rows(self.sources)
        return cleaned


class SeenVerdictField(forms.IntegerField):
    """The verdict the page showed (0: none yet), sent back so the service can refuse a
    save based on a verdict that has since changed."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)


def seen_verdict(current) -> int:
    """The field's value for a page showing `current`."""
    return current.pk if current is not None else 0


def seen_verdict_id(cleaned_data: dict) -> int | None:
    """What the services take: the id, or None when the page showed no verdict."""
    return cleaned_data.pop("seen_verdict") or None


class SeenVerdictForm(Rebasable, forms.Form):
    """Refused because the verdict moved, it rests on the verdict the page now shows."""

    based_on_field = "seen_verdict"
    seen_verdict = SeenVerdictField()

    def based_on(self, current) -> int:
        return seen_verdict(current)


VERDICT_SOURCES_HELP = (
    "Where readers can check the answer and the reason, shown beside them. A verdict with a "
    "reason needs at least one page readers can open from a primary source (NATO, a "
    "government, a parliament, a court) or a reputable outlet; outlets marked as "
    "disinformation are refused."
)


class VerdictChangeForm(SourceRows, SeenVerdictForm):
    # Where readers can check the answer and the reason: rows starting from the current
    # verdict's sources.
    sources_help = VERDICT_SOURCES_HELP

    state = forms.ChoiceField(choices=State.choices)
    answer = forms.CharField(max_length=20, help_text='The short answer readers see, e.g. "No".')
    headline = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Shown publicly on the history page. Required for every change.",
    )
    outlook = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="What would change it",
        help_text="Shown under the summary: what would change the answer, and what we would do.",
    )
    consulted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Sources consulted"
    )


class CheckForm(SeenVerdictForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # Readers are told what a check consults (the about page lists the newest check's):
    # the box starts with the sources the answer and the indicators cite; the editor
    # leaves what they looked at and adds what else they read.
    consulted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What you looked at",
        help_text="One source a line. Readers see this list on the about page.",
        error_messages={
            "required": "List what you looked at, one source a line: readers are told what "
            "each check consulted."
        },
    )


class IndicatorForm(SourceRows, VersionFields):
    # Optional so a form sent without it (an older page) keeps the indicator's kind.
    kind = forms.ChoiceField(choices=IndicatorKind.choices, required=False)
    state = forms.ChoiceField(choices=IndicatorState.choices)
    state_label = forms.CharField(max_length=80)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    incident_query = forms.CharField(
        required=False,
        max_length=300,
        label="Incidents it counts",
        help_text=Indicator._meta.get_field("incident_query").help_text,
    )
    # The indicator's own note is the public note: readers see where it stands.
    audit_public = notable_field(initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every edit starts from the copy the page showed: without it, no save.
        self.fields["expected_version"].required = True


class NewIndicatorForm(IndicatorForm):
    """A new indicator: what it is called and where it goes, then where it stands."""

    key = forms.SlugField(max_length=60, help_text="Its anchor on the home page, e.g. article-5.")
    name = forms.CharField(max_length=120)
    order = forms.IntegerField(min_value=0, initial=0)
    field_order = ["key", "name", "order", "state", "state_label", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].required = False  # nothing to be out of date with


class CommentForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="The proposer sees this."
    )

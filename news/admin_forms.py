"""The moderators' forms: a curated link, a feed, a headline's context on approval, and
the reason a rejection or a hiding gives."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from core.concurrency import VersionedForm
from core.text import single_line_errors
from news import services
from news.canonical import canonicalize_url
from news.models import CuratedLink, Feed, LinkState, Outlet
from news.services_outlets import NAME_MAX_LENGTH, story_host

# The <datalist> of outlet names that the approve forms offer to pick from.
OUTLET_NAMES = "outlet-names"


def _one_line(value: str, field: str) -> str:
    if errors := single_line_errors(**{field: value}):
        raise forms.ValidationError(errors[field])
    return value


class OutletForm(forms.ModelForm):
    """An outlet edited in the admin, under create_outlet's one-line rule for its name."""

    class Meta:
        model = Outlet
        fields = ("name",)  # the admin adds the rest, with its own overrides

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data.get("name", ""), "outlet_name")


class CuratedLinkForm(VersionedForm):
    class Meta:
        model = CuratedLink
        fields = ("url", "title", "outlet", "context", "source_published_at", "reference")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        url = self.instance.url
        if "outlet" in self.fields and url and services.outlet_for(url) is None:
            # Said before publishing is refused for it, with the way to add it.
            self.fields["outlet"].help_text = (
                f"{story_host(url)} is not in the outlet list: pick the link's outlet, or "
                "add it with the + beside this list (name, domain, whether it counts as "
                "reputable). A link is not published without one."
            )

    def clean_title(self) -> str:
        # The admin saves the link itself: the one-line rule submit_link applies.
        return _one_line(self.cleaned_data.get("title", ""), "title")

    def clean_url(self) -> str | None:
        url = self.cleaned_data.get("url")
        if not url:
            return None
        try:
            canonical = canonicalize_url(url)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        existing = services.find_duplicate(canonical, exclude_pk=self.instance.pk)
        if existing is not None:
            raise forms.ValidationError(
                format_html(
                    'Already on the site: <a href="../../{}/change/">{}</a> ({}).',
                    existing.pk,
                    existing.title,
                    existing.get_state_display(),
                )
            )
        return canonical

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.state == LinkState.PUBLISHED:
            # Readers see a published link at once: an edit must leave it publishable.
            try:
                cleaned["context"] = services.check_publishable(
                    url=cleaned.get("url"),
                    context=cleaned.get("context", ""),
                    source_published_at=cleaned.get("source_published_at"),
                    outlet=cleaned.get("outlet"),
                )
            except ValidationError as exc:
                for name, messages_ in exc.message_dict.items():
                    if name not in self.errors:  # a field's own error says it better
                        self.add_error(name, messages_)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="The submitter sees this."
    )


class ApproveForm(forms.Form):
    """A headline's approval; for a story from a domain not in the outlet list, also the
    outlet it is credited to (`host` is that domain, `fallback` the feed's outlet)."""

    context = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.CONTEXT_MAX_LENGTH,
        help_text="One to three plain sentences in our words.",
    )
    outlet_name = forms.CharField(
        required=False,
        label="Outlet's name",
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"list": OUTLET_NAMES, "autocomplete": "off"}),
    )
    outlet_reputable = forms.BooleanField(
        required=False, initial=True, label="Counts as a reputable source"
    )
    outlet_domain = forms.CharField(required=False, label="Outlet's domain", max_length=200)
    source_published_at = forms.DateTimeField(required=False, label="Source published at")

    def __init__(self, *args, host: str = "", needs_outlet: bool = False, fallback=None, **kw):
        super().__init__(*args, **kw)
        if not needs_outlet:
            for name in ("outlet_name", "outlet_reputable", "outlet_domain"):
                del self.fields[name]
            return
        # Required or not, an empty name is the service's to refuse, in its own sentence.
        self.fields["outlet_domain"].initial = host
        self.fields["outlet_name"].help_text = outlet_help(host, fallback)

    def outlet_choice(self) -> dict:
        """The outlet fields as approve_candidate takes them."""
        data = self.cleaned_data
        return {
            "outlet_name": data.get("outlet_name", ""),
            "outlet_domain": data.get("outlet_domain", ""),
            "outlet_reputable": data.get("outlet_reputable", True),
        }


def outlet_help(host: str, fallback) -> str:
    said = (
        f"{host} is not in the outlet list. A name already listed credits that outlet; "
        "a new name adds it"
    )
    if fallback is not None:
        return f"{said}. Left empty, the feed's outlet ({fallback}) is credited."
    return f"{said}: the story is not published as “Unknown outlet”."


class FeedForm(forms.ModelForm):
    """What a moderator decides about a feed; the poller's bookkeeping is not theirs."""

    class Meta:
        model = Feed
        fields = ("url", "outlet", "active", "poll_interval")
        labels = {"url": "Feed address (RSS or Atom)", "active": "Polling"}
        help_texts = {
            "active": "Untick to pause: a paused feed is not polled until ticked again.",
            "outlet": "Used when a headline's own address matches no outlet.",
        }

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        try:
            canonicalize_url(url)
        except ValueError as exc:
            raise forms.ValidationError(f"Give the feed's web address: {exc}") from None
        return url

"""The moderators' forms: a curated link, a feed, a headline's context on approval, and
the reason a rejection or a hiding gives."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from core.concurrency import VersionedForm
from news import services
from news.canonical import canonicalize_url
from news.models import CuratedLink, Feed, LinkState


class CuratedLinkForm(VersionedForm):
    class Meta:
        model = CuratedLink
        fields = ("url", "title", "outlet", "context", "source_published_at", "reference")

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
    context = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.CONTEXT_MAX_LENGTH,
        help_text="One to three plain sentences in our words.",
    )
    source_published_at = forms.DateTimeField(required=False, label="Source published at")


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

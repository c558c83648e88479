"""The status composer in the admin (Statuspage's incident composer is the model): the
verdict, every indicator and the note readers are told, on one form; "Preview the
readers' email" shows the email before anything is proposed; one proposal (four eyes)
or, with four eyes off, one change published at once. Every write goes through
status.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from core.admin_actions import show_on_form
from news.services_sources import source_rows
from status import services
from status.admin_proposals import ProposalAdmin
from status.forms import (
    VERDICT_SOURCES_HELP,
    SeenVerdictField,
    SourceRows,
    seen_verdict,
    seen_verdict_id,
)
from status.models import Indicator, IndicatorState, State, StatusProposal, Verdict
from status.proposal_mail import review_path

VERDICT = ("state", "answer", "headline", "summary", "outlook")
INDICATOR = ("state", "state_label", "note")


class ComposerForm(SourceRows, forms.Form):
    # The verdict's sources, from the current verdict's: a changed verdict's reason (the
    # note) needs one readers can open (the service holds it to the rule).
    sources_help = VERDICT_SOURCES_HELP

    seen_verdict = SeenVerdictField()
    state = forms.ChoiceField(choices=State.choices)
    answer = forms.CharField(max_length=20, help_text='The short answer readers see, e.g. "No".')
    headline = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    outlook = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What would change it"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What readers are told",
        help_text="The public note: in the readers' email, on the changelog, and the "
        "verdict's reason on the history page when the verdict changes.",
    )
    consulted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Sources consulted"
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            name = indicator.key
            self.fields[f"{name}-state"] = forms.ChoiceField(
                choices=IndicatorState.choices, label="State"
            )
            self.fields[f"{name}-state_label"] = forms.CharField(max_length=80, label="Readers see")
            self.fields[f"{name}-note"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}), label="Note"
            )
            self.fields[f"{name}-version"] = forms.IntegerField(widget=forms.HiddenInput)
            # What the page showed, so only what the editor changed is proposed: an
            # indicator someone else changed meanwhile, left alone here, is no change.
            self.fields[f"{name}-opened"] = forms.JSONField(
                widget=forms.HiddenInput, required=False
            )

    def indicator_groups(self) -> list[tuple[Indicator, list[forms.BoundField]]]:
        return [
            (indicator, [self[f"{indicator.key}-{field}"] for field in INDICATOR])
            for indicator in self.indicators
        ]

    def verdict_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in VERDICT]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "note": data["note"],
            "consulted": data["consulted"],
            "seen_verdict_id": seen_verdict_id(dict(data)),
            "verdict": {name: data[name] for name in VERDICT} | {"sources": data["sources"]},
            "indicators": [
                {
                    "indicator": indicator,
                    "expected_version": data[f"{indicator.key}-version"],
                    **{name: data[f"{indicator.key}-{name}"] for name in INDICATOR},
                }
                for indicator in self.indicators
                if self._touched(indicator)
            ],
        }

    def _touched(self, indicator: Indicator) -> bool:
        opened = self.cleaned_data.get(f"{indicator.key}-opened")
        if not isinstance(opened, dict):
            return True  # a page without it: the service compares with what is live
        typed = {name: self.cleaned_data[f"{indicator.key}-{name}"] for name in INDICATOR}
        return any(typed[name].strip() != str(opened.get(name, "")).strip() for name in typed)


def initial_for(current: Verdict | None, indicators: list[Indicator]) -> dict[str, Any]:
    initial: dict[str, Any] = {"seen_verdict": seen_verdict(current)}
    if current is not None:
        initial |= {name: getattr(current, name) for name in VERDICT}
    for indicator in indicators:
        initial |= {f"{indicator.key}-{name}": getattr(indicator, name) for name in INDICATOR}
        initial[f"{indicator.key}-version"] = indicator.version
        initial[f"{indicator.key}-opened"] = {name: getattr(indicator, name) for name in INDICATOR}
    return initial


def compare_status_change(proposal: StatusProposal) -> tuple[list[tuple[str, str, str]], str]:
    """(label, live, proposed) rows and a warning if what it was based on moved."""
    live = Verdict.objects.current()
    rows: list[tuple[str, str, str]] = []
    warning = ""
    if proposal.changes_verdict:
        rows += [
            ("Answer", live.answer if live else "", proposal.answer),
            ("State", State(live.state).label if live else "", proposal.get_state_display()),
            ("Headline", live.headline if live else "", proposal.headline),
            ("Summary", live.summary if live else "", proposal.summary),
        ]
        if proposal.is_pending and (live.pk if live else None) != proposal.replaces_id:
            warning = "The verdict changed after this was proposed"
    for part in proposal.indicator_changes.select_related("indicator"):
        indicator = part.indicator
        rows += [
            (f"{part.name}: readers see", indicator.state_label, part.state_label),
            (f"{part.name}: note", indicator.note, part.note),
        ]
        if proposal.is_pending and indicator.version != part.based_on_version:
            warning = warning or f"{part.name} changed after this was proposed"
    if warning:
        warning += ": approving it would undo the newer change, so it can only be turned down."
    return rows, warning


@admin.register(StatusProposal)
class StatusProposalAdmin(ProposalAdmin):
    """Status changes: the composer (add) and each change's review page."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("status.add_verdict")

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        current = Verdict.objects.current()
        indicators = list(Indicator.objects.in_order())
        form = ComposerForm(
            request.POST or None,
            indicators=indicators,
            sources=source_rows(current) if current is not None else [],
            initial=initial_for(current, indicators),
        )
        four_eyes = settings.VERDICT_FOUR_EYES
        preview = None
        if request.method == "POST" and form.is_valid():
            fields = form.service_fields()
            try:
                if "preview" in request.POST:
                    preview = services.preview_status_change(user=request.user, **fields)
                elif four_eyes:
                    proposal = services.propose_status_change(user=request.user, **fields)
                else:
                    services.compose_status_change(user=request.user, **fields)
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                if preview is None:
                    return self._done(request, proposal if four_eyes else None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Propose a status change" if four_eyes else "Change the status",
            "four_eyes": four_eyes,
            "form": form,
            "current": current,
            "preview": preview,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/status/composer.html", context)

    def _done(self, request: HttpRequest, proposal: StatusProposal | None) -> HttpResponse:
        if proposal is None:
            self.message_user(request, "Published: readers are told once, by one email.")
            return HttpResponseRedirect(reverse("admin:index"))
        self.message_user(
            request,
            "Proposed. Nothing is live until another editor approves it; the editors have "
            "been emailed.",
        )
        return HttpResponseRedirect(review_path(proposal))

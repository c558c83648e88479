"""Four eyes in the admin: each proposal on a page of its own, side by side with what
readers see now (the changed words marked), with Approve and Turn down for the editors
who may decide it. Every decision goes through status.services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin_actions import REFUSALS, ReadOnlyAdminMixin, in_words, show_on_form
from core.textdiff import Segment, word_diff
from core.uktime import SHORT, uk_datetime
from news.services_sources import source_rows
from status import services
from status.forms import CommentForm
from status.models import (
    Indicator,
    IndicatorProposal,
    IndicatorState,
    Proposal,
    State,
    StatusProposal,
    Verdict,
    VerdictProposal,
)
from status.preview import email_preview
from status.proposal_mail import describe, review_path


@dataclass
class Row:
    """One thing readers see, now and as proposed."""

    label: str
    live: list[Segment]
    proposed: list[Segment]
    changed: bool


def _row(label: str, live: str, proposed: str) -> Row:
    before, after = word_diff(live, proposed)
    return Row(label, before, after, live.strip() != proposed.strip())


def _sources(sources) -> str:
    return "\n".join(f"{s.get('title', '')} <{s.get('url', '')}>" for s in sources or [])


def compare(proposal: Proposal) -> tuple[list[Row], str]:
    """The proposal beside what is live, and a sentence if the live one moved since."""
    if isinstance(proposal, StatusProposal):
        from status.admin_composer import compare_status_change

        rows, warning = compare_status_change(proposal)
        return [_row(*pair) for pair in rows], warning
    if isinstance(proposal, VerdictProposal):
        live = Verdict.objects.current()
        moved = proposal.is_pending and (live.pk if live else None) != proposal.replaces_id
        pairs = [
            ("Answer", live.answer if live else "", proposal.answer),
            (
                "State",
                State(live.state).label if live else "",
                proposal.get_state_display(),
            ),
            ("Headline", live.headline if live else "", proposal.headline),
            ("Summary", live.summary if live else "", proposal.summary),
            ("Reason (public, on the history page)", "", proposal.reason),
        ]
        warning = (
            "The verdict changed after this was proposed: approving it would undo the "
            "newer one, so it can only be turned down."
            if moved
            else ""
        )
    else:
        live = (
            Indicator.objects.filter(pk=proposal.indicator_id).first()
            if proposal.indicator_id
            else None
        )
        moved = bool(
            proposal.is_pending and live is not None and live.version != proposal.based_on_version
        )
        pairs = [
            ("Indicator", live.name if live else "", proposal.name),
            ("Readers see", live.state_label if live else "", proposal.state_label),
            (
                "State",
                IndicatorState(live.state).label if live else "",
                proposal.get_state_display(),
            ),
            ("Note", live.note if live else "", proposal.note),
            (
                "Sources",
                _sources(source_rows(live)) if live else "",
                _sources(proposal.sources),
            ),
        ]
        warning = (
            "The indicator changed after this was proposed: approving it would undo the "
            "newer change, so it can only be turned down."
            if moved
            else ""
        )
    return [_row(*pair) for pair in pairs], warning


def why_not(user: Any, proposal: Proposal) -> str:
    """Why `user` sees no buttons on a proposal, in one sentence (empty if they may decide)."""
    if not proposal.is_pending:
        return f"This proposal was {proposal.get_status_display().lower()}."
    if proposal.proposed_by_id == user.pk:
        return "You proposed this: another editor must approve it or turn it down."
    if not proposal.may_be_decided_by(user):
        return "Only Editors can approve or turn down proposals."
    return ""


class ProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A changelist to find proposals; each opens its review page (the change view),
    decided there through the services, never edited."""

    list_display = ("proposed", "what", "proposed_by", "status", "decided_by", "decision_comment")
    list_display_links = None
    list_filter = ("status",)
    list_select_related = ("proposed_by", "decided_by")
    actions = None

    @admin.display(description="proposed (UK time)", ordering="proposed_at")
    def proposed(self, proposal: Proposal) -> str:
        return uk_datetime(proposal.proposed_at, SHORT)

    @admin.display(description="change")
    def what(self, proposal: Proposal) -> str:
        return format_html('<a href="{}">{}</a>', self._page(proposal), describe(proposal))

    def _page(self, proposal: Proposal) -> str:
        return review_path(proposal)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name=f"{name}_approve",
            ),
            path(
                "<int:pk>/turn-down/",
                self.admin_site.admin_view(self.turn_down_view),
                name=f"{name}_turn_down",
            ),
            *super().get_urls(),
        ]

    def _get(self, request: HttpRequest, pk: Any) -> Proposal:
        proposal = self.get_object(request, str(pk))
        if proposal is None:
            raise Http404("No such proposal.")
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        return proposal

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        return self._page_response(request, self._get(request, object_id), CommentForm())

    def _page_response(self, request: HttpRequest, proposal: Proposal, form) -> HttpResponse:
        rows, warning = compare(proposal)
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Proposed change to {describe(proposal)}",
            "proposal": proposal,
            "rows": rows,
            "warning": warning,
            "why_not": why_not(request.user, proposal),
            "can_approve": not warning and not why_not(request.user, proposal),
            "can_turn_down": not why_not(request.user, proposal),
            "comment_form": form,
            "approve_url": reverse(f"{name}_approve", args=[proposal.pk]),
            "turn_down_url": reverse(f"{name}_turn_down", args=[proposal.pk]),
            "opts": opts,
            "composed": isinstance(proposal, StatusProposal),
            # A status change: the readers' email, before anyone approves it.
            "preview": (
                email_preview(proposal)
                if isinstance(proposal, StatusProposal) and proposal.is_pending
                else None
            ),
        }
        return TemplateResponse(request, "admin/status/proposal.html", context)

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = self._get(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(self._page(proposal))
        try:
            services.approve_proposal(user=request.user, proposal=proposal)
        except REFUSALS as refusal:
            self.message_user(request, in_words(refusal), level="ERROR")
            return HttpResponseRedirect(self._page(proposal))
        self.message_user(request, f"Approved: {describe(proposal)} is live now.")
        return HttpResponseRedirect(reverse("admin:index"))

    def turn_down_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = self._get(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(self._page(proposal))
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.reject_proposal(
                    user=request.user, proposal=proposal, comment=form.cleaned_data["comment"]
                )
            except ValidationError as refusal:
                show_on_form(form, refusal)
            except PermissionDenied as refusal:
                self.message_user(request, in_words(refusal), level="ERROR")
                return HttpResponseRedirect(self._page(proposal))
            else:
                self.message_user(request, f"Turned down: {describe(proposal)}")
                return HttpResponseRedirect(reverse("admin:index"))
        return self._page_response(request, proposal, form)


@admin.register(VerdictProposal)
class VerdictProposalAdmin(ProposalAdmin):
    pass


@admin.register(IndicatorProposal)
class IndicatorProposalAdmin(ProposalAdmin):
    list_select_related = ("proposed_by", "decided_by", "indicator")

    def get_queryset(self, request: HttpRequest):
        # A status change's parts are decided on the status change's own page.
        return super().get_queryset(request).filter(part_of__isnull=True)

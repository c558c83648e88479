"""The moderators' headline inbox: their working screen, instead of the stock changelist.

One row per story, the headline at full width and its summary a click away; the outlet
named from the story's own address; "also in N feeds" for a story merged from several;
who holds the claim. Each row's actions (claim, approve with context and date, reject
with a reason, mark duplicate) are small forms posting to news.services. Keyboard
shortcuts come from a same-origin script (static/js/inbox.js): the CSP allows no other.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.admin_actions import REFUSALS, in_words
from core.pagination import PAGE
from core.permissions import Refused
from news import services
from news.admin_forms import ApproveForm, ReasonForm
from news.inbox import SHOWS, inbox_page
from news.models import Candidate, Outlet
from news.services_outlets import story_host

ACTIONS = ("claim", "approve", "reject", "duplicate")


def approve_form(candidate: Candidate, data=None, **kw) -> ApproveForm:
    """The approval form for this headline: with the outlet's fields when its domain is
    not in the outlet list."""
    return ApproveForm(
        data,
        host=story_host(candidate.url),
        needs_outlet=services.outlet_for(candidate.url) is None,
        fallback=candidate.feed.outlet,
        **kw,
    )


class InboxMixin:
    """Adds the inbox and its row actions to the headline admin."""

    def inbox_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("inbox/", view(self.inbox_view), name="news_candidate_inbox"),
            *(
                path(
                    f"inbox/<int:pk>/{action}/",
                    view(self.row_action_view),
                    {"action": action},
                    name=f"news_candidate_{action}_row",
                )
                for action in ACTIONS
            ),
        ]

    def inbox_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise Refused("You cannot read feed headlines.", permission="news.view_candidate")
        page = inbox_page(show=request.GET.get("show", "relevant"), page=PAGE.read(request))
        return TemplateResponse(
            request,
            "admin/news/inbox.html",
            {
                **self.admin_site.each_context(request),
                "title": "Headline inbox",
                "inbox": page,
                "shows": SHOWS,
                "may_moderate": request.user.has_perm(services.MODERATE),
                "outlet_names": Outlet.objects.values_list("name", flat=True),
                "here": request.get_full_path(),
                "opts": self.model._meta,
            },
        )

    def row_action_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:news_candidate_inbox")
        if request.method != "POST":
            return HttpResponseRedirect(back)
        if not request.user.has_perm(services.MODERATE):
            raise Refused("You cannot review feed headlines.", permission=services.MODERATE)
        candidate = get_object_or_404(Candidate.objects.select_related("feed__outlet"), pk=pk)
        try:
            done = self._run(request, candidate, action)
        except REFUSALS as refusal:
            messages.error(request, f"“{candidate.title}”: {in_words(refusal)}")
            # Back to the story refused, not to the one after it.
            back = f"{back.split('#')[0]}#story-{candidate.pk}"
        else:
            messages.success(request, done)
        return HttpResponseRedirect(back)

    def _run(self, request: HttpRequest, candidate: Candidate, action: str) -> str:
        user = request.user
        if action == "claim":
            services.claim_for_review(moderator=user, item=candidate)
            return f"Claimed for 30 minutes: “{candidate.title}”."
        if action == "duplicate":
            services.reject_candidate(
                moderator=user, candidate=candidate, reason="", duplicate=True
            )
            return f"Marked duplicate: “{candidate.title}”."
        if action == "reject":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Give a reason for rejecting this headline.")
            services.reject_candidate(
                moderator=user, candidate=candidate, reason=form.cleaned_data["reason"]
            )
            return f"Rejected: “{candidate.title}”."
        form = approve_form(candidate, request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        link = services.approve_candidate(
            moderator=user,
            candidate=candidate,
            context=form.cleaned_data["context"],
            source_published_at=form.cleaned_data["source_published_at"],
            **form.outlet_choice(),
        )
        return f"Published: “{link.title}”."

"""The moderators' review queue of feed headlines, and the feeds behind it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from audit.admin import CappedPaginator
from audit.admin_mixins import AuditedAdminMixin, AuditFieldsMixin
from core.admin_actions import REFUSALS, ServiceActionsMixin, in_words, show_on_form
from core.admin_times import UKTimesMixin
from core.permissions import Refused
from core.uktime import SHORT, uk_datetime
from news import services
from news.admin_forms import FeedForm, ReasonForm
from news.admin_inbox import InboxMixin, approve_form
from news.canonical import canonicalize_url
from news.models import Candidate, CandidateState, Feed, Outlet
from news.polling import FAILING_FOR_DAYS
from news.relevance import threshold


def is_web_link(url: str) -> bool:
    try:
        canonicalize_url(url)
    except ValueError:
        return False
    return True


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("relevant", "Review queue (relevant)"),
            ("all", "All pending"),
            ("decided", "Decided"),
        ]

    def queryset(self, request, queryset):
        value = self.value() or "relevant"
        if value == "relevant":
            return queryset.review_queue(min_score=threshold())
        if value == "all":
            return queryset.review_queue()
        return queryset.exclude(state=CandidateState.PENDING)

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "All":
                continue
            if self.value() is None and choice.get("query_string", "").endswith("relevant"):
                choice["selected"] = True
            yield choice


class CandidateAdmin(UKTimesMixin, InboxMixin, ServiceActionsMixin, admin.ModelAdmin):
    """The inbox (admin_inbox) is where headlines are reviewed; this list, reached from
    it, is for searching all headlines, decided ones included."""

    list_display = (
        "urgent_flag",
        "title_link",
        "score",
        "feed",
        "published_at",
        "state",
        "claimed_by",
        "review",
    )
    list_display_links = None
    list_filter = (QueueFilter, "urgent", "state", "feed")
    list_select_related = ("feed", "claimed_by")
    search_fields = ("title", "summary")
    show_full_result_count = False
    paginator = CappedPaginator
    actions = ["claim", "bulk_reject", "mark_duplicate"]

    # Editors may read the queue (urgent headlines bear on the verdict); only those who
    # may change headlines see the actions.
    @admin.action(
        description="Claim for review (others leave them to you for 30 minutes)",
        permissions=["change"],
    )
    def claim(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_on_each(
            request,
            queryset,
            lambda candidate: services.claim_for_review(moderator=request.user, item=candidate),
            done=lambda candidates: f"{len(candidates)} headline(s) claimed for 30 minutes.",
            refused=lambda candidate, why: f"“{candidate.title}”: {why}",
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A headline changes only through the services (claim, approve, reject), which
        # check its state and write the audit log: its change page is for reading.
        # Without an object this is the changelist, whose actions are those services.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            *self.inbox_urls(),
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="news_candidate_approve",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # The inbox is the working screen; the list opens only with a filter or search.
        if not request.GET:
            return HttpResponseRedirect(reverse("admin:news_candidate_inbox"))
        return super().changelist_view(request, extra_context)

    @admin.display(description="!")
    def urgent_flag(self, c: Candidate) -> str:
        return "URGENT" if c.urgent else ""

    @admin.display(description="headline")
    def title_link(self, c: Candidate) -> str:
        if not is_web_link(c.url):
            return format_html("{} <strong>(not a web link: {})</strong>", c.title, c.url[:80])
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', c.url, c.title)

    @admin.display(description="")
    def review(self, c: Candidate) -> str:
        if c.state != CandidateState.PENDING:
            return c.get_state_display()
        return format_html(
            '<a href="{}">Approve with context</a>',
            reverse("admin:news_candidate_approve", args=[c.pk]),
        )

    def get_list_display(self, request: HttpRequest):
        # Editors read the queue; the review links are only for those who may review.
        shown = super().get_list_display(request)
        if request.user.has_perm(services.MODERATE):
            return shown
        return [name for name in shown if name != "review"]

    def approve_view(self, request: HttpRequest, pk: int):
        candidate = get_object_or_404(Candidate.objects.select_related("feed__outlet"), pk=pk)
        if not request.user.has_perm(services.MODERATE):
            raise Refused("You cannot approve feed headlines.", permission=services.MODERATE)
        if not is_web_link(candidate.url):
            self.message_user(
                request,
                f"“{candidate.title}” can't be published: its URL is not "
                "a web link. Reject it instead.",
                level=messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:news_candidate_inbox"))
        form = approve_form(
            candidate,
            request.POST or None,
            initial={"source_published_at": candidate.published_at},
        )
        if request.method == "POST" and form.is_valid():
            try:
                link = services.approve_candidate(
                    moderator=request.user,
                    candidate=candidate,
                    context=form.cleaned_data["context"],
                    source_published_at=form.cleaned_data["source_published_at"],
                    **form.outlet_choice(),
                )
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                self.message_user(request, f"Published: {link.title}")
                return HttpResponseRedirect(reverse("admin:news_candidate_inbox"))
        return TemplateResponse(
            request,
            "admin/news/approve_candidate.html",
            {
                **self.admin_site.each_context(request),
                "title": "Approve headline",
                "candidate": candidate,
                "outlet": services.outlet_for(candidate.url) or candidate.feed.outlet,
                "form": form,
                "outlet_names": Outlet.objects.values_list("name", flat=True),
                "reject_form": ReasonForm(),
                "opts": self.model._meta,
            },
        )

    def _decide(self, request, queryset: QuerySet, *, duplicate: bool, reason: str):
        verb = "marked duplicate" if duplicate else "rejected"
        self.run_on_each(
            request,
            queryset,
            lambda candidate: services.reject_candidate(
                moderator=request.user, candidate=candidate, reason=reason, duplicate=duplicate
            ),
            done=lambda candidates: f"{len(candidates)} headline(s) {verb}.",
            refused=lambda candidate, why: f"{candidate.title}: {why}",
        )

    @admin.action(
        description="Reject selected headlines (asks for a reason)", permissions=["change"]
    )
    def bulk_reject(self, request: HttpRequest, queryset: QuerySet):
        return self.ask_then_run(
            request,
            queryset,
            form_class=ReasonForm,
            action="bulk_reject",
            title="Reject: give a reason",
            run=lambda data: self._decide(
                request, queryset, duplicate=False, reason=data["reason"]
            ),
        )

    @admin.action(description="Mark selected headlines as duplicates", permissions=["change"])
    def mark_duplicate(self, request: HttpRequest, queryset: QuerySet):
        return self._decide(request, queryset, duplicate=True, reason="")


class FeedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Moderators add, pause and edit feeds and poll one at once; the poller's own
    bookkeeping (ETag, claims, redirect streaks) stays out of sight."""

    form = FeedForm
    list_display = ("url", "outlet", "active", "health", "last_polled", "next_poll")
    list_filter = ("active", "outlet")
    list_select_related = ("outlet",)
    readonly_fields = ("health", "last_polled", "last_success", "next_poll")
    fieldsets = [
        (None, {"fields": ("url", "outlet", "active", "poll_interval")}),
        ("How polling goes", {"fields": ("health", "last_polled", "last_success", "next_poll")}),
    ]
    change_form_template = "admin/news/feed/change_form.html"

    # A feed is never on the public changelog: its form offers no "notable change" box
    # and no public note (AuditFieldsMixin's), though every save is still recorded.
    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        return super(AuditFieldsMixin, self).get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super(AuditFieldsMixin, self).get_fieldsets(request, obj)
        # A feed not yet saved has not been polled: nothing to say about it.
        return fieldsets if obj else [f for f in fieldsets if f[0] != "How polling goes"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/poll/",
                self.admin_site.admin_view(self.poll_view),
                name="news_feed_poll",
            ),
            *super().get_urls(),
        ]

    def poll_view(self, request: HttpRequest, pk: int):
        feed = get_object_or_404(Feed, pk=pk)
        if request.method == "POST":
            try:
                services.poll_now(moderator=request.user, feed=feed)
            except REFUSALS as refusal:
                self.message_user(request, in_words(refusal), level=messages.ERROR)
            else:
                self.message_user(request, f"Poll queued: {feed}. New headlines appear shortly.")
        return HttpResponseRedirect(reverse("admin:news_feed_change", args=[feed.pk]))

    @admin.display(description="health")
    def health(self, feed: Feed) -> str:
        if not feed.consecutive_failures:
            return "OK"
        days = feed.failing_since and timezone.now() - feed.failing_since >= FAILING_FOR_DAYS
        label = "FAILING FOR DAYS" if days else f"failing ({feed.consecutive_failures})"
        return format_html("<strong>{}</strong>: {}", label, feed.last_error[:120])

    @admin.display(description="last polled", ordering="last_polled_at")
    def last_polled(self, feed: Feed) -> str:
        return uk_datetime(feed.last_polled_at, SHORT) or "never"

    @admin.display(description="last success")
    def last_success(self, feed: Feed) -> str:
        return uk_datetime(feed.last_success_at, SHORT) or "never"

    @admin.display(description="next poll", ordering="next_poll_at")
    def next_poll(self, feed: Feed) -> str:
        return uk_datetime(feed.next_poll_at, SHORT) if feed.active else "paused"

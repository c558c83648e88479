"""Editors' tools: record a check in one click, change the verdict with a reason,
edit indicators with a note. Every write goes through status.services.

The four-eyes proposals have their admin in admin_proposals, registered from here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from audit.admin_mixins import AuditedDeletionMixin, AuditHistoryMixin
from core.admin_actions import show_on_form
from core.admin_times import UKTimesMixin
from core.concurrency import conflict_context
from core.permissions import Refused
from incidents.indicators import disagreements
from news.services_sources import source_rows
from status import (
    admin_composer,  # noqa: F401  (registers the status composer)
    admin_proposals,  # noqa: F401  (registers the proposal admins)
    services,
)
from status.forms import (
    CheckForm,
    IndicatorForm,
    NewIndicatorForm,
    VerdictChangeForm,
    seen_verdict,
    seen_verdict_id,
)
from status.models import Check, Indicator, IndicatorState, Verdict
from status.proposal_mail import review_path
from status.selectors import status_now


def sources_to_consult(status) -> list[str]:
    """The sources the answer and the indicators cite, one a line, each once: where a
    check starts (the editor keeps what they looked at)."""
    sources = [*(status.verdict.sources.all() if status.verdict else [])]
    for indicator in status.indicators:
        sources += indicator.sources.all()
    return list(dict.fromkeys(f"{s.title}: {s.url}" for s in sources))


class _ReadOnlyHistory(UKTimesMixin, admin.ModelAdmin):
    """Rows are history: never edited or deleted in the admin."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Verdict)
class VerdictAdmin(_ReadOnlyHistory):
    list_display = ("effective_at", "answer", "state", "headline", "created_by")
    list_select_related = ("created_by",)
    readonly_fields = [f.name for f in Verdict._meta.fields]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # The button says what it does: a verdict is never added, it is changed.
        extra = {"four_eyes": settings.VERDICT_FOUR_EYES, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def refused_words(self, page: str) -> str | None:
        """A refusal of the add page in the button's words (core/refusals.py)."""
        if page != "add":
            return None
        return "propose a verdict change" if settings.VERDICT_FOUR_EYES else "change the verdict"

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """ "Change the verdict": a form that refuses to save without a reason."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        current = Verdict.objects.current()
        initial = {"seen_verdict": seen_verdict(current)}
        if current is not None:
            shown = ("state", "answer", "headline", "summary", "outlook")
            initial |= {k: getattr(current, k) for k in shown}
        sources = source_rows(current) if current is not None else []
        form = VerdictChangeForm(request.POST or None, initial=initial, sources=sources)
        four_eyes = settings.VERDICT_FOUR_EYES
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            seen = seen_verdict_id(data)
            try:
                if four_eyes:
                    proposal = services.propose_verdict(
                        user=request.user, seen_verdict_id=seen, **data
                    )
                else:
                    verdict = services.change_verdict(
                        user=request.user, seen_verdict_id=seen, **data
                    )
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                if four_eyes:
                    return proposed(self, request, proposal)
                self.message_user(request, f'Verdict published: "{verdict.answer}".')
                return HttpResponseRedirect(reverse("admin:status_verdict_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Propose a verdict change" if four_eyes else "Change the verdict",
            "four_eyes": four_eyes,
            "form": form,
            # Refused because the verdict moved: the one it moved to.
            "current": form.conflict or current,
            **conflict_context(form),  # what was merged from it, and what to choose
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/status/change_verdict.html", context)


@admin.register(Check)
class CheckAdmin(_ReadOnlyHistory):
    list_display = ("checked_at", "checked_by", "outcome", "note")
    list_select_related = ("checked_by",)
    readonly_fields = [f.name for f in Check._meta.fields]
    change_list_template = "admin/status/check_changelist.html"

    def get_urls(self):
        return [
            path(
                "record/",
                self.admin_site.admin_view(self.record_view),
                name="status_check_record",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        status = status_now()
        form = CheckForm(
            initial={
                "seen_verdict": seen_verdict(status.verdict),
                "consulted": "\n".join(sources_to_consult(status)),
            }
        )
        extra = {"status": status, "check_form": form, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        return HttpResponseRedirect(reverse("admin:status_check_changelist"))

    def record_view(self, request: HttpRequest) -> HttpResponse:
        """ "Record a check": one POST from the status admin moves "Status last checked"."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:status_check_changelist"))
        if not self.has_add_permission(request):
            raise Refused("You cannot record status checks.", permission="status.add_check")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:index")
        form = CheckForm(request.POST)
        if not form.is_valid():
            if "seen_verdict" in form.errors:  # a page that never showed a verdict's id
                messages.error(request, "No check recorded: reload the page and try again.")
                return HttpResponseRedirect(back)
            # What the editor typed, with why it was refused (nothing consulted, say).
            return self.changelist_view(
                request, extra_context={"check_form": form, "check_next": back}
            )
        data = dict(form.cleaned_data)
        try:
            services.record_check(user=request.user, seen_verdict_id=seen_verdict_id(data), **data)
        except ValidationError as exc:
            # The page again, around what the editor typed: the refusal says why, and the
            # form now rests on the verdict shown, so sending it again is deliberate.
            show_on_form(form, exc)
            return self.changelist_view(
                request, extra_context={"check_form": form, "check_next": back}
            )
        self.message_user(request, "Check recorded: the status stands, and is now fresh.")
        return HttpResponseRedirect(back)


def proposed(model_admin, request: HttpRequest, proposal) -> HttpResponse:
    """After proposing: say that nothing is live yet, and open the proposal's own page."""
    model_admin.message_user(
        request,
        "Proposed. Nothing is live until another editor approves it; the editors have "
        "been emailed.",
    )
    return HttpResponseRedirect(review_path(proposal))


def _service_fields(form) -> dict:
    """An indicator form's data as the services take it ("notable" is `public`)."""
    fields = dict(form.cleaned_data)
    fields["public"] = fields.pop("audit_public")
    fields["kind"] = fields.get("kind") or None  # left out: the indicator keeps its kind
    return fields


def warn_of_disagreement(request: HttpRequest, indicator: Indicator) -> None:
    """Tell the editor when the chip readers see and the incidents it counts disagree."""
    shown = indicator.state_label or indicator.get_state_display()
    for warning in disagreements(
        label=shown,
        says_yes=indicator.state != IndicatorState.NOT_MET,
        query=indicator.incident_query,
        today=timezone.localdate(),
    ):
        messages.warning(request, warning)


@admin.register(Indicator)
class IndicatorAdmin(UKTimesMixin, AuditHistoryMixin, AuditedDeletionMixin, admin.ModelAdmin):
    """Adding and editing go through the services: with four eyes on, both propose."""

    list_display = ("name", "state_label", "state", "accurate_as_of", "updated_at", "order")
    ordering = ("order", "id")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NewIndicatorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            fields = _service_fields(form)
            fields.pop("expected_version")
            done = self._save_or_propose(
                request, form, fields, save=services.add_indicator, verb="added"
            )
            if done:
                return done
        four_eyes = settings.VERDICT_FOUR_EYES
        title = "Propose a new indicator" if four_eyes else "Add an indicator"
        return self._form_page(request, form, title=title, indicator=None)

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        indicator = self.get_object(request, object_id)  # None for a made-up id, too
        if indicator is None:
            raise Http404("No such indicator.")
        if not self.has_change_permission(request, indicator):
            raise PermissionDenied
        initial = {
            "state": indicator.state,
            "state_label": indicator.state_label,
            "note": indicator.note,
            "expected_version": indicator.version,
            "incident_query": indicator.incident_query,
            "kind": indicator.kind,
        }
        form = IndicatorForm(request.POST or None, initial=initial, sources=source_rows(indicator))
        if request.method == "POST" and form.is_valid():
            fields = {**_service_fields(form), "indicator": indicator}
            done = self._save_or_propose(
                request, form, fields, save=services.update_indicator, verb="updated"
            )
            if done:
                return done
        if request.method != "POST":
            warn_of_disagreement(request, indicator)
        verb = "Propose a change to" if settings.VERDICT_FOUR_EYES else "Update"
        return self._form_page(request, form, title=f"{verb} {indicator.name}", indicator=indicator)

    def _save_or_propose(
        self, request: HttpRequest, form, fields: dict, *, save, verb: str
    ) -> HttpResponse | None:
        """Four eyes on: a proposal, shown on its own page. Off: saved at once. A refusal
        goes on the form (None: show the form again)."""
        try:
            if settings.VERDICT_FOUR_EYES:
                proposal = services.propose_indicator(user=request.user, **fields)
            else:
                indicator = save(user=request.user, **fields)
        except ValidationError as exc:
            show_on_form(form, exc)
            return None
        if settings.VERDICT_FOUR_EYES:
            return proposed(self, request, proposal)
        self.message_user(request, f"Indicator {verb}: {indicator.name}.")
        warn_of_disagreement(request, indicator)
        return HttpResponseRedirect(reverse("admin:status_indicator_changelist"))

    def _form_page(self, request: HttpRequest, form, *, title: str, indicator) -> HttpResponse:
        four_eyes = settings.VERDICT_FOUR_EYES
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "indicator": indicator,
            "four_eyes": four_eyes,
            "submit_label": "Propose for a second editor" if four_eyes else "Save indicator",
            **conflict_context(form),
            "opts": self.model._meta,
            "history_url": (
                reverse("admin:status_indicator_history", args=[indicator.pk]) if indicator else ""
            ),
        }
        return TemplateResponse(request, "admin/status/indicator_form.html", context)

"""The translators' admin: submissions, each on a review page with the English it
translates beside it, decided there by a second translator of the language; what is
live. Each translator sees their own languages only, and nothing here edits English.

The work itself (what needs translating, the form, PO/XLIFF files) is in
admin_translate and admin_exchange, at addresses under the submissions' changelist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin_actions import REFUSALS, ReadOnlyAdminMixin, in_words, show_on_form
from core.uktime import SHORT, uk_datetime
from translations import admin_exchange, admin_translate, backlog, registry, services
from translations.forms import DecisionForm
from translations.models import LiveTranslation, SourceVersion, Submission, SubmissionStatus
from translations.permissions import language_name, languages_of


def describe(submission: Submission) -> str:
    source = submission.source_version
    return f"{language_name(submission.language)} translation of {source.kind} {source.object_id}"


def why_not(user: Any, submission: Submission, *, moved: bool) -> str:
    """Why `user` may not approve `submission`, in one sentence (empty if they may)."""
    if submission.status != SubmissionStatus.SUBMITTED:
        return f"This translation was {submission.get_status_display()}."
    if submission.language not in languages_of(user):
        return f"Only translators of {language_name(submission.language)} decide it."
    kind = registry.KINDS.get(submission.source_version.kind)
    if kind is not None and kind.four_eyes() and submission.translated_by_id == user.pk:
        return "You translated this: another translator of the language must approve it."
    if moved:
        return (
            "The English changed after this was translated: it can only be turned down. "
            "Translate the new English instead."
        )
    return ""


class LanguageScopedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows of the languages the user translates, nobody else's."""

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(language__in=languages_of(request.user))


@admin.register(Submission)
class SubmissionAdmin(LanguageScopedAdmin):
    list_display = ("submitted", "what", "language", "translated_by", "origin", "status")
    list_display_links = None
    list_filter = ("status", "language", "origin")
    list_select_related = ("source_version", "translated_by")
    actions = None
    change_list_template = "admin/translations/submission_changelist.html"

    @admin.display(description="submitted (UK time)", ordering="submitted_at")
    def submitted(self, submission: Submission) -> str:
        return uk_datetime(submission.submitted_at, SHORT)

    @admin.display(description="translation")
    def what(self, submission: Submission) -> str:
        url = reverse("admin:translations_submission_change", args=[submission.pk])
        return format_html('<a href="{}">{}</a>', url, describe(submission))

    def get_urls(self):
        def view(function, route: str, name: str):
            wrapped = self.admin_site.admin_view(
                lambda request, **kw: function(self, request, **kw)
            )
            return path(route, wrapped, name=f"translations_submission_{name}")

        return [
            view(approve_view, "<int:pk>/approve/", "approve"),
            view(reject_view, "<int:pk>/reject/", "reject"),
            view(admin_translate.queue_view, "queue/", "queue"),
            view(admin_translate.queue_view, "queue/<str:language>/", "queue_language"),
            view(
                admin_translate.translate_view,
                "translate/<str:language>/<str:kind>/<int:object_id>/",
                "translate",
            ),
            view(admin_exchange.export_view, "export/<str:language>.<str:fmt>", "export"),
            view(admin_exchange.import_view, "import/<str:language>/", "import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra = {"languages": [(c, language_name(c)) for c in languages_of(request.user)]}
        return super().changelist_view(request, extra_context={**extra, **(extra_context or {})})

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        return review_page(self, request, _get(self, request, object_id), DecisionForm())


def _get(model_admin: SubmissionAdmin, request: HttpRequest, pk: Any) -> Submission:
    submission = model_admin.get_queryset(request).filter(pk=pk).first()
    if submission is None:
        raise Http404("No such translation in your languages.")
    return submission


def _moved(submission: Submission) -> bool:
    """Whether the English has a newer version than the one this translates."""
    source = submission.source_version
    return (
        SourceVersion.objects.filter(
            kind=source.kind, object_id=source.object_id, version__gt=source.version
        ).exists()
        and submission.status == SubmissionStatus.SUBMITTED
    )


def review_page(model_admin, request: HttpRequest, submission: Submission, form) -> HttpResponse:
    source = submission.source_version
    moved = _moved(submission)
    refusal = why_not(request.user, submission, moved=moved)
    names = backlog.labels([(source.kind, source.object_id)])
    rows = [
        (key, text, submission.texts.get(key, ""))
        for key, text in source.texts.items()
        if key in submission.texts
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{describe(submission).capitalize()}",
        "opts": Submission._meta,
        "submission": submission,
        "label": names.get((source.kind, source.object_id)),
        "rows": rows,
        "moved": moved,
        "why_not": refusal,
        "can_approve": not refusal,
        "can_reject": submission.status == SubmissionStatus.SUBMITTED
        and submission.language in languages_of(request.user),
        "form": form,
        "approve_url": reverse("admin:translations_submission_approve", args=[submission.pk]),
        "reject_url": reverse("admin:translations_submission_reject", args=[submission.pk]),
    }
    return TemplateResponse(request, "admin/translations/submission.html", context)


def approve_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get(model_admin, request, pk)
    page = reverse("admin:translations_submission_change", args=[pk])
    if request.method != "POST":
        return HttpResponseRedirect(page)
    try:
        services.approve_translation(user=request.user, submission=submission)
    except REFUSALS as refusal:
        model_admin.message_user(request, in_words(refusal), level="ERROR")
        return HttpResponseRedirect(page)
    model_admin.message_user(request, f"Approved: the {describe(submission)} is live now.")
    return HttpResponseRedirect(reverse("admin:translations_submission_changelist"))


def reject_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get(model_admin, request, pk)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("admin:translations_submission_change", args=[pk]))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.reject_translation(
                user=request.user, submission=submission, comment=form.cleaned_data["comment"]
            )
        except ValidationError as refusal:
            show_on_form(form, refusal)
        except PermissionDenied as refusal:
            form.add_error(None, in_words(refusal))
        else:
            model_admin.message_user(request, f"Turned down: the {describe(submission)}.")
            return HttpResponseRedirect(reverse("admin:translations_submission_changelist"))
    return review_page(model_admin, request, submission, form)


@admin.register(LiveTranslation)
class LiveTranslationAdmin(LanguageScopedAdmin):
    list_display = ("what", "language", "reviewed", "approved_by", "approved")
    list_filter = ("language", "reviewed", "kind")
    list_select_related = ("approved_by",)
    actions = None

    @admin.display(description="translation")
    def what(self, live: LiveTranslation) -> str:
        return f"{live.kind} {live.object_id}"

    @admin.display(description="approved (UK time)", ordering="approved_at")
    def approved(self, live: LiveTranslation) -> str:
        return uk_datetime(live.approved_at, SHORT) if live.approved_at else "—"

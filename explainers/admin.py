"""Editors' tools for explainers and the FAQ: plain status words, UK times, revisions."""

from __future__ import annotations

import difflib

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from audit.admin_mixins import AuditedDeletionMixin, AuditFieldsMixin, AuditHistoryMixin
from audit.forms import newsworthy, recorded_as
from core.admin_actions import show_on_form
from core.admin_times import UKTimesMixin
from core.concurrency import ConflictAdminMixin, VersionedForm, plain
from core.permissions import Refused
from core.sanitize import dropped_by_sanitiser, render_markdown
from core.text import one_line, single_line_errors
from core.uktime import uk_datetime
from explainers import services
from explainers.models import Explainer, ExplainerState, Question, Revision
from explainers.toc import table_of_contents
from news.admin_sources import SourceInline, check_kept_sources, rows_or_none, rows_were_sent


def _diff(old, new, old_name: str, new_name: str) -> str:
    """Two versions (revisions, or the page and a revision) as a unified diff."""
    return "\n".join(
        difflib.unified_diff(
            f"# {old.title}\n{old.summary}\n\n{old.body}".splitlines(),
            f"# {new.title}\n{new.summary}\n\n{new.body}".splitlines(),
            fromfile=old_name,
            tofile=new_name,
            lineterm="",
        )
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        max_length=180,
        help_text="Kept with the new version and in the audit log.",
        widget=forms.TextInput(attrs={"size": 60}),
    )


def _number(text: str | None, default: int) -> int:
    """A revision number from the query string; anything else means the default."""
    return int(text) if text and text.isdigit() else default


class SanitiserWarningForm(forms.ModelForm):
    """Lists, before saving, what the sanitiser will drop from the Markdown; the editor
    saves anyway only by ticking "Save without them" (shown above the form).

    Asked once per text: a save that leaves the saved Markdown exactly as it is (a new
    schedule, a tidier title) drops nothing readers do not already miss, so it does not
    ask again. Any change to the text asks again, about the text as it now stands."""

    markdown_field = ""
    accept_dropped = forms.BooleanField(required=False)
    dropped: list[str] = []

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get(self.markdown_field) or ""
        saved = getattr(self.instance, self.markdown_field, None) if self.instance.pk else None
        unchanged = saved is not None and plain(saved) == plain(text)
        self.dropped = [] if unchanged else dropped_by_sanitiser(text)
        if self.dropped and not cleaned.get("accept_dropped"):
            self.add_error(
                self.markdown_field,
                "Saving drops: " + "; ".join(self.dropped) + ". Remove them, or tick "
                "“Save without them” above the form.",
            )
        return cleaned


class ExplainerForm(SanitiserWarningForm, VersionedForm):
    markdown_field = "body"
    confirm_offline = forms.BooleanField(
        required=False, label="Take it offline (asked only when a save would take a live page down)"
    )
    announce_again = forms.BooleanField(
        required=False,
        label="Announce it to readers again when it next goes live",
        help_text="A page is announced once; tick to tell readers again.",
    )

    class Meta:
        model = Explainer
        fields = (*services.EXPLAINER_FIELDS, "related_links")

    def clean(self):
        cleaned = super().clean()
        # The service's one-line rule, on the form: a title pasted with a manual line
        # break (Word's \x0b) is a message beside the field, not a lost form.
        for field, message in single_line_errors(title=cleaned.get("title")).items():
            self.add_error(field, message)
        publish = cleaned.get("publish_at")
        if cleaned.get("state") == ExplainerState.PUBLISHED and not publish:
            publish = timezone.now()  # what saving will set
        errors = services.check_schedule(
            publish_at=publish, unpublish_at=cleaned.get("unpublish_at")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        self._warn_if_going_offline(cleaned, publish)
        keep_sources_to_the_rule(
            self,
            claim_words=f"The explainer “{cleaned.get('title') or self.instance.title}”",
            publishing=cleaned.get("state") == ExplainerState.PUBLISHED,
        )
        return cleaned

    def _warn_if_going_offline(self, cleaned: dict, publish) -> None:
        """Asked before a live page goes offline, never found out after (a 404)."""
        if not self.instance.pk or self.instance.status() != "live":
            return
        if cleaned.get("confirm_offline") or "publish_at" in self.errors:
            return
        after = Explainer(
            state=cleaned.get("state"),
            publish_at=publish,
            unpublish_at=cleaned.get("unpublish_at"),
        )
        if warning := services.offline_warning(after):
            self.add_error("publish_at", warning)


def keep_sources_to_the_rule(form: forms.ModelForm, *, claim_words: str, publishing: bool):
    """Sent without the source rows, the page keeps its sources: the publishing rule on
    the form, not as a failed save (with the rows, their own formset checks it)."""
    if rows_were_sent(form.data):
        return
    try:
        check_kept_sources(form.instance, claim_words=claim_words, publishing=publishing)
    except ValidationError as exc:
        form.add_error(None, exc.messages)


class PickOrTypeInput(forms.TextInput):
    """A text box offering existing values to pick from (<datalist>); a new one can
    still be typed."""

    def __init__(self, options: list[str], attrs=None):
        super().__init__(attrs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-options"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">', ((o,) for o in self.options))
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class QuestionForm(SanitiserWarningForm, VersionedForm):
    markdown_field = "answer"

    class Meta:
        model = Question
        fields = services.QUESTION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(
            Question.objects.order_by("group").values_list("group", flat=True).distinct()
        )
        self.fields["group"].widget = PickOrTypeInput(self.groups)
        self.fields["group"].help_text = "Pick an existing group, or type a new one."

    def clean_group(self) -> str:
        # "the basics " is the existing "The basics", not a second group readers see.
        typed = one_line(self.cleaned_data["group"])
        return next((g for g in self.groups if g.casefold() == typed.casefold()), typed)

    def clean(self):
        cleaned = super().clean()
        # The service's one-line rule, on the form (as the explainer's title).
        for field, message in single_line_errors(question=cleaned.get("question")).items():
            self.add_error(field, message)
        keep_sources_to_the_rule(
            self,
            claim_words=f"The FAQ answer “{cleaned.get('question') or self.instance.question}”",
            publishing=bool(cleaned.get("published")),
        )
        return cleaned


class _ServiceSavedAdmin(
    UKTimesMixin,
    AuditFieldsMixin,
    AuditHistoryMixin,
    AuditedDeletionMixin,
    ConflictAdminMixin,
    admin.ModelAdmin,
):
    """Saves through the app's service, which writes the audit entry and the revision."""

    # A page or an answer changes what readers see: worth the changelog unless untold.
    notable_by_default = True
    service_fields: tuple[str, ...] = ()

    def get_inline_instances(self, request: HttpRequest, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if request.method != "POST":
            return inlines
        # A page sent without the source rows (an older copy of the form) keeps the
        # sources as they are, as the indicator's form does: the service still holds the
        # result to the publishing rule.
        return inlines if rows_were_sent(request.POST) else []

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        pass  # saved with its sources, which the admin has only in save_related

    def save_related(self, request, form, formsets, change):
        """The service saves everything at once: the fields, related links and sources
        (the inline's rows, which the publishing rule is about)."""
        data, obj = form.cleaned_data, form.instance
        saved = self.save_with_service(
            request,
            obj if change else None,
            data,
            expected_version=data.get("expected_version") if change else None,
            newsworthy=newsworthy(data),
            sources=rows_or_none(formsets),
            **recorded_as(data),
            **{name: data[name] for name in self.service_fields if name in data},
        )
        obj.pk, obj.version = saved.pk, saved.version

    def construct_change_message(self, request, form, formsets, add=False):
        # The inline's rows were saved by the service, not by the formsets.
        return super().construct_change_message(request, form, [], add)

    def save_with_service(self, request: HttpRequest, current, data: dict, **kwargs):
        raise NotImplementedError


class ExplainerSourceInline(SourceInline):
    publishes = staticmethod(lambda page: page.state == ExplainerState.PUBLISHED)
    claim_words = staticmethod(lambda page: f"The explainer “{page.title}”")


class QuestionSourceInline(SourceInline):
    publishes = staticmethod(lambda item: item.published)
    claim_words = staticmethod(lambda item: f"The FAQ answer “{item.question}”")


@admin.register(Explainer)
class ExplainerAdmin(_ServiceSavedAdmin):
    form = ExplainerForm
    inlines = [ExplainerSourceInline]
    service_fields = services.EXPLAINER_FIELDS
    conflict_fields = ("title", "summary", "body")
    list_display = (
        "title",
        "status_words",
        "publish_time",
        "unpublish_time",
        "accurate_as_of",
        "updated_at",
    )
    list_filter = ("state",)
    search_fields = ("title", "summary", "body")
    filter_horizontal = ("related_links",)
    # Typed from the title while the address is empty; an address the editor typed, or
    # one already saved, is never rewritten (Django's prepopulate.js).
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ("title", "slug", "summary", "body", "accurate_as_of")}),
        (
            "Publishing (times are UK time, Europe/London)",
            {
                "fields": (
                    "state",
                    "publish_at",
                    "unpublish_at",
                    "confirm_offline",
                    "announce_again",
                    "order",
                )
            },
        ),
        ("Related reporting", {"fields": ("related_links",)}),
        (
            "Record of this change",
            {"fields": ("audit_note", "audit_public", "audit_not_news", "expected_version")},
        ),
    ]

    @admin.display(description="status")
    def status_words(self, obj: Explainer) -> str:
        return {"draft": "Draft", "scheduled": "Scheduled", "live": "Live", "expired": "Expired"}[
            obj.status()
        ]

    @admin.display(description="publishes (UK time)")
    def publish_time(self, obj: Explainer) -> str:
        return uk_datetime(obj.publish_at) or "—"

    @admin.display(description="unpublishes (UK time)")
    def unpublish_time(self, obj: Explainer) -> str:
        return uk_datetime(obj.unpublish_at) or "—"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        now = timezone.now()
        scheduled = bool(
            obj and obj.state == "published" and obj.publish_at and obj.publish_at > now
        )
        context["save_label"] = "Schedule" if scheduled else "Save"
        context["status_words"] = self.status_words(obj) if obj else "New page"
        if obj:
            context["revisions_url"] = reverse(
                "admin:explainers_explainer_revisions", args=[obj.pk]
            )
            context["preview_url"] = obj.get_absolute_url()
        context["preview_unsaved_url"] = reverse("admin:explainers_explainer_preview")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_with_service(self, request: HttpRequest, current, data: dict, **kwargs):
        return services.save_explainer(
            user=request.user,
            explainer=current,
            related_links=list(data.get("related_links") or []),
            confirm_offline=bool(data.get("confirm_offline")),
            announce_again=bool(data.get("announce_again")),
            **kwargs,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="explainers_explainer_revisions",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="explainers_explainer_preview",
            ),
            path(
                "<int:pk>/revisions/<int:number>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="explainers_explainer_restore",
            ),
            *super().get_urls(),
        ]

    def revisions_view(self, request: HttpRequest, pk: int):
        explainer = get_object_or_404(Explainer, pk=pk)
        if not self.has_view_permission(request, explainer):
            raise PermissionDenied
        revisions = list(explainer.revisions.select_related("author"))
        numbers = [r.number for r in revisions] or [0]
        a = _number(request.GET.get("a"), numbers[1] if len(numbers) > 1 else numbers[0])
        b = _number(request.GET.get("b"), numbers[0])
        by_number = {r.number: r for r in revisions}
        diff = ""
        if a in by_number and b in by_number:
            diff = _diff(by_number[a], by_number[b], f"version {a}", f"version {b}")
        return TemplateResponse(
            request,
            "admin/explainers/revisions.html",
            {
                **self.admin_site.each_context(request),
                "title": f"History of “{explainer}”",
                "explainer": explainer,
                "revisions": revisions,
                "a": a,
                "b": b,
                "diff": diff,
                "opts": self.model._meta,
                "can_restore": self.has_change_permission(request, explainer),
            },
        )

    def restore_view(self, request: HttpRequest, pk: int, number: int):
        """Restoring asks first: what comes back (against the page now) and why."""
        revision = get_object_or_404(Revision, explainer_id=pk, number=number)
        if not self.has_change_permission(request, revision.explainer):
            raise Refused(
                "You cannot restore explainers.", permission="explainers.change_explainer"
            )
        form = RestoreForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.restore_revision(
                    user=request.user, revision=revision, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                self.message_user(request, f"Version {number} restored as a new version.")
                return HttpResponseRedirect(
                    reverse("admin:explainers_explainer_revisions", args=[pk])
                )
        explainer = revision.explainer
        return TemplateResponse(
            request,
            "admin/explainers/restore.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Restore version {number} of “{explainer}”?",
                "explainer": explainer,
                "revision": revision,
                "diff": _diff(explainer, revision, "the page now", f"version {number}"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    def preview_view(self, request: HttpRequest):
        """The text in the form, unsaved, as readers would see it (opened in a new tab
        by the form's Preview button, which posts the form here)."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:explainers_explainer_changelist"))
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise Refused("You cannot edit explainers.", permission="explainers.change_explainer")
        body = request.POST.get("body", "")
        draft = Explainer(
            title=request.POST.get("title", ""),
            summary=request.POST.get("summary", ""),
            body=body,
            body_html=render_markdown(body),
            updated_at=timezone.now(),
        )
        draft.toc = table_of_contents(draft.body_html)
        draft.published_links = []
        context = {
            "explainer": draft,
            "preview": True,
            "unsaved": True,
            "dropped": dropped_by_sanitiser(body),
        }
        return TemplateResponse(request, "explainers/detail.html", context)


@admin.register(Question)
class QuestionAdmin(_ServiceSavedAdmin):
    form = QuestionForm
    inlines = [QuestionSourceInline]
    service_fields = services.QUESTION_FIELDS
    conflict_fields = ("question", "answer")
    list_display = ("question", "group", "order", "published", "accurate_as_of", "updated_at")
    list_filter = ("published", "group")
    prepopulated_fields = {"slug": ("question",)}
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "question",
                    "slug",
                    "answer",
                    "accurate_as_of",
                    "group",
                    "group_order",
                    "order",
                    "published",
                )
            },
        ),
        (
            "Record of this change",
            {"fields": ("audit_note", "audit_public", "audit_not_news", "expected_version")},
        ),
    ]

    def save_with_service(self, request: HttpRequest, current, data: dict, **kwargs):
        return services.save_question(user=request.user, item=current, **kwargs)

"""What needs translating into a language, and the form that translates one object:
the English now, the change to it since the version last translated (changed words
marked), and the translation fields. Writes go through translations.services."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from core.admin_actions import in_words, show_on_form
from core.concurrency import StaleEdit
from core.textdiff import Segment, word_diff
from translations import backlog, registry, services
from translations.forms import TranslationForm
from translations.models import LiveTranslation, SourceVersion, Submission, SubmissionStatus
from translations.permissions import language_name, languages_of


def allowed_language(request: HttpRequest, language: str) -> str:
    """The language, if the user translates it (a 403 page otherwise)."""
    if language not in languages_of(request.user):
        raise PermissionDenied(f"You do not translate into {language!r}.")
    return language


def queue_view(model_admin, request: HttpRequest, language: str | None = None) -> HttpResponse:
    mine = languages_of(request.user)
    if language is None:
        if len(mine) == 1:
            return HttpResponseRedirect(
                reverse("admin:translations_submission_queue_language", args=[mine[0]])
            )
        if not mine:
            raise PermissionDenied("You translate into no language.")
    codes = [allowed_language(request, language)] if language else mine
    lags = backlog.lag(codes)
    names = backlog.labels({(w.kind, w.object_id) for lag in lags for w in lag.waiting})
    awaiting = backlog.pending(codes)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "What needs translating",
        "opts": Submission._meta,
        "sections": [
            {
                "code": lag.language,
                "name": language_name(lag.language),
                "waiting": [(w, names.get((w.kind, w.object_id))) for w in lag.waiting],
                "awaiting": [s for s in awaiting if s.language == lag.language],
                "unreviewed": len(lag.unreviewed),
            }
            for lag in lags
        ],
    }
    return TemplateResponse(request, "admin/translations/queue.html", context)


@dataclass(frozen=True)
class FieldRow:
    """One field of the form: the English now, and how it changed since last translated."""

    key: str
    english: str
    before: list[Segment]  # the English last translated (removed words marked)
    after: list[Segment]  # the English now (added words marked)
    last_translated: int | None  # that version's number; None: never translated


def _rows(versions: list[SourceVersion], live: LiveTranslation | None) -> list[FieldRow]:
    current = versions[-1]
    rows = []
    for key, text in current.texts.items():
        previous = backlog.last_translated(versions, live, key)
        if previous is None or previous.pk == current.pk:
            before, after = [], []
        else:
            before, after = word_diff(previous.texts.get(key, ""), text)
        rows.append(FieldRow(key, text, before, after, previous.version if previous else None))
    return rows


def _initial(current: SourceVersion, live: LiveTranslation | None, language: str) -> dict:
    """The newest submission awaiting approval of this English, else the live translation
    (of this English or an older one: the translator starts from it)."""
    waiting = (
        Submission.objects.filter(
            source_version=current, language=language, status=SubmissionStatus.SUBMITTED
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if waiting is not None:
        texts = waiting.texts
    else:
        texts = {key: value["text"] for key, value in (live.fields if live else {}).items()}
    return {key: texts.get(key, "") for key in current.texts} | {"seen_version": current.version}


def translate_view(
    model_admin, request: HttpRequest, language: str, kind: str, object_id: int
) -> HttpResponse:
    allowed_language(request, language)
    if kind not in registry.KINDS:
        raise Http404("No such kind of content.")
    source_kind = registry.get(kind)
    obj = source_kind.model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404("No such object.")
    if request.method != "POST":
        return _page(model_admin, request, language, kind, obj, None)
    form = TranslationForm(request.POST, english=source_kind.texts(obj), language=language)
    if not form.is_valid():
        return _page(model_admin, request, language, kind, obj, form)
    try:
        submission = services.submit_translation(
            user=request.user,
            kind=kind,
            object_id=object_id,
            language=language,
            texts=form.texts(),
            seen_version=form.cleaned_data["seen_version"],
        )
    except StaleEdit as refusal:
        return _page(model_admin, request, language, kind, obj, form, stale=refusal)
    except ValidationError as refusal:
        show_on_form(form, refusal)
        return _page(model_admin, request, language, kind, obj, form)
    except PermissionDenied as refusal:
        form.add_error(None, in_words(refusal))
        return _page(model_admin, request, language, kind, obj, form)
    done = (
        "Submitted: another translator of the language must approve it."
        if submission.status == SubmissionStatus.SUBMITTED
        else "Published: readers see your translation now."
    )
    model_admin.message_user(request, done)
    return HttpResponseRedirect(
        reverse("admin:translations_submission_queue_language", args=[language])
    )


def _page(model_admin, request, language, kind, obj, form, *, stale=None) -> HttpResponse:
    source_kind = registry.get(kind)
    with transaction.atomic():  # the English as it is now, recorded if nobody did yet
        current = services.record_source(kind=kind, obj=obj)
    versions = list(SourceVersion.objects.filter(kind=kind, object_id=obj.pk).order_by("version"))
    live = LiveTranslation.objects.filter(kind=kind, object_id=obj.pk, language=language).first()
    if form is None:
        form = TranslationForm(
            initial=_initial(current, live, language), english=current.texts, language=language
        )
    elif stale is not None:
        # The translator's text kept, the refusal above it; the form now rests on the
        # new English (shown with its change above the fields), so saving again is a
        # deliberate choice made having seen it.
        data = form.data.copy()
        data["seen_version"] = str(current.version)
        form = TranslationForm(data, english=current.texts, language=language)
        form.is_valid()
        form.add_error(None, stale.messages)
    rows = _rows(versions, live)
    waiting = backlog.compare(versions, live, language)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Translate into {language_name(language)}: {obj}",
        "opts": Submission._meta,
        "language": language,
        "kind_name": source_kind.model._meta.verbose_name,
        "obj": obj,
        "version": current,
        "waiting": waiting,
        "form": form,
        "fields": [(row, form[row.key]) for row in rows if row.key in form.fields],
        "four_eyes": source_kind.four_eyes(),
        "whole": source_kind.whole,
    }
    return TemplateResponse(request, "admin/translations/translate.html", context)

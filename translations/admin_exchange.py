"""PO and XLIFF files of what needs translating into a language, for translators who
work in their own tools; importing them creates submissions, never live text."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from translations.admin_translate import allowed_language
from translations.exchange import ExchangeError
from translations.exchange.files import FORMATS, export_file, import_file
from translations.forms import ImportForm
from translations.models import Submission
from translations.permissions import language_name


def export_view(model_admin, request: HttpRequest, language: str, fmt: str) -> HttpResponse:
    allowed_language(request, language)
    if fmt not in FORMATS:
        raise Http404("Export as po or xliff.")
    response = HttpResponse(export_file(language, fmt), content_type=FORMATS[fmt].CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="warstatus-{language}.{fmt}"'
    return response


def import_view(model_admin, request: HttpRequest, language: str) -> HttpResponse:
    allowed_language(request, language)
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_file(
                user=request.user, language=language, name=upload.name, data=upload.read()
            )
        except ExchangeError as refusal:
            form.add_error("file", refusal.messages)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Import translations into {language_name(language)}",
        "opts": Submission._meta,
        "language": language,
        "form": form,
        "report": report,
    }
    return TemplateResponse(request, "admin/translations/import.html", context)

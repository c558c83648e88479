from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext

from audit.apps import CHANGELOG
from audit.selectors import home_changes
from core.pagecache import cached_public, expires_at
from core.text import one_line
from explainers.apps import EXPLAINERS
from explainers.models import Explainer
from explainers.selectors import home_explainers
from incidents.apps import INCIDENTS
from news.apps import NEWS
from news.selectors import home_links
from status.apps import STATUS
from status.context_processors import share_image_url
from status.feed_texts import updating_line
from status.models import Verdict
from status.selectors import next_midnight, status_now, status_payload, with_incident_counts
from status.share_image import render_share_image
from status.translated import shown_verdict, verdicts_in


def home_context(*, language: str = settings.LANGUAGE_CODE) -> dict:
    """Everything the home page reads (`make bench` also times these reads alone)."""
    # One moment for the list of live explainers and for when that list next changes:
    # a page scheduled between two clock readings would otherwise be missed by both.
    now = timezone.now()
    status = status_now(language=language)
    links, documents = home_links()
    return {
        "status": with_incident_counts(status, today=timezone.localdate(now)),
        "links": links,
        "key_documents": documents,
        "explainers": home_explainers(now=now, language=language),
        "changes": home_changes(),
        "explainers_change": Explainer.objects.next_change(now),
    }


@cached_public(keys=(STATUS, NEWS, EXPLAINERS, INCIDENTS, CHANGELOG))
def home(request: HttpRequest) -> HttpResponse:
    # The language the path named (core.i18n): the verdict in it, or in English with a
    # line saying its translation is being updated.
    language = get_language()
    context = home_context(language=language)
    verdict = context["status"].verdict
    # Read already: the context processor need not ask again.
    context["SHARE_IMAGE_URL"] = share_image_url(language, verdict.pk if verdict else None)
    response = render(request, "status/home.html", context)
    # "Not checked for 2 hours", the stale warning, "today" in the answer box and the
    # explainer list move on by the clock alone; so do the incident counts, whose 90
    # days move on at midnight.
    return expires_at(
        response,
        context["status"].shown_until,
        context["explainers_change"],
        next_midnight(),
    )


@cached_public(keys=(STATUS,))
def history(request: HttpRequest) -> HttpResponse:
    verdicts = (
        Verdict.objects.newest_first().select_related("created_by").prefetch_related("sources")
    )
    return render(request, "status/history.html", {"verdicts": verdicts, "status": status_now()})


@cached_public(keys=(STATUS,))
def api_status(request: HttpRequest) -> JsonResponse:
    now = status_now(language=get_language())
    response = JsonResponse(status_payload(now), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return expires_at(response, now.freshness.shown_until)  # "stale" turns true by the clock


@cached_public(keys=(STATUS,))
def badge(request: HttpRequest) -> HttpResponse:
    verdict = Verdict.objects.current()
    # One line of XML-safe text whatever the row holds (a pasted \v made it ill-formed).
    answer = one_line(verdict.answer) if verdict else "unknown"
    label = "NATO at war with Russia"  # the question, so the badge reads right on its own
    # Rough text widths for Verdana 11px, as shields-style badges do.
    label_width = 6 * len(label) + 10
    answer_width = 7 * len(answer) + 12
    svg = render_to_string(
        "status/badge.svg",
        {
            "label": label,
            "answer": answer,
            "state": verdict.state if verdict else "unknown",
            "label_width": label_width,
            "answer_width": answer_width,
            "width": label_width + answer_width,
            "label_x": label_width / 2,
            "answer_x": label_width + answer_width / 2,
        },
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cached_public(keys=(STATUS,))
def share_image(request: HttpRequest) -> HttpResponse:
    """The share card's picture: cached like the pages, so a new verdict redraws it. In
    the path's language: the verdict's translation, or the English with the line."""
    language = get_language()
    found = verdicts_in(Verdict.objects.newest_first(), language=language).first()
    verdict = shown_verdict(found, language=language) if found else None
    note = ""
    if verdict is not None and verdict.translation.updating:
        note = updating_line(verdict.translation.updating_since)
    elif verdict is not None and verdict.translation.unreviewed:
        note = gettext("Translation not yet reviewed")
    png = render_share_image(
        question=gettext("Is NATO at war with Russia?"),
        answer=one_line(verdict.answer) if verdict else gettext("No verdict yet"),
        headline=one_line(verdict.headline) if verdict else "",
        state=verdict.state if verdict else "",
        site=settings.SITE_URL.split("://", 1)[-1],
        note=note,
    )
    return HttpResponse(png, content_type="image/png")

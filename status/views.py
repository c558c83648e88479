from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from explainers.selectors import home_explainers
from news.selectors import home_links
from status.models import Verdict
from status.selectors import status_now
from warstatus.audit.selectors import home_changes
from warstatus.public_cache import cached_public


@cached_public
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "status/home.html",
        {
            "status": status_now(),
            "links": home_links(),
            "explainers": home_explainers(),
            "changes": home_changes(),
        },
    )


@cached_public
def history(request: HttpRequest) -> HttpResponse:
    verdicts = Verdict.objects.newest_first().select_related("created_by")
    return render(request, "status/history.html", {"verdicts": verdicts, "status": status_now()})


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


@cached_public
def api_status(request: HttpRequest) -> JsonResponse:
    now = status_now()
    verdict = now.verdict
    payload = {
        "verdict": verdict.state if verdict else None,
        "verdict_label": verdict.get_state_display() if verdict else None,
        "answer": verdict.answer if verdict else None,
        "headline": verdict.headline if verdict else None,
        "summary": verdict.summary if verdict else None,
        "last_checked_at": _iso(now.freshness.last_checked_at),
        "changed_at": _iso(verdict.effective_at) if verdict else None,
        "stale": now.freshness.stale,
        "stale_after_seconds": int(settings.STATUS_STALE_AFTER.total_seconds()),
        "indicators": [
            {
                "key": i.key,
                "name": i.name,
                "state": i.state,
                "label": i.state_label,
                "note": i.note,
                "updated_at": _iso(i.updated_at),
                "sources": i.sources,
            }
            for i in now.indicators
        ],
        "url": f"{settings.SITE_URL}/",
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cached_public
def badge(request: HttpRequest) -> HttpResponse:
    verdict = Verdict.objects.current()
    answer = verdict.answer if verdict else "unknown"
    label = "at war with Russia"
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

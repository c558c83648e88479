"""The incidents record for readers: the filtered list, each incident, the timeline, the
map and the open data. No JavaScript: filters are a GET form, charts are inline SVG."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import condition

from core.pagecache import cached_public, expires_at
from core.pagecache.streams import content_etag
from core.pagination import PAGE
from incidents import charts, selectors
from incidents.apps import INCIDENTS
from incidents.countries import COUNTRIES
from incidents.coverage import coverage_sentence
from incidents.csv_file import csv_chunks
from incidents.filters import FILTERS, filter_form, query_string
from incidents.models import CATEGORY_MEANINGS, Category, Incident
from incidents.open_data import LICENCE, incident_payload
from incidents.translated import incidents_in, shown_incident
from news.apps import NEWS

PAGE_SIZE = 20


# Keyed on the filters and the page, each read as the view reads it. A change to the
# record purges `incidents`, which the home page (its counts) and the sitemap carry too.
@cached_public(vary_on_query=(FILTERS, PAGE), keys=(INCIDENTS,))
def incident_list(request: HttpRequest) -> HttpResponse:
    form = filter_form(request.GET)
    if form.data and not form.is_valid():
        context = {
            "form": form,
            "page": None,
            "active": {},
            "meanings": _meanings(),
            "coverage": coverage_sentence(),
        }
        return render(request, "incidents/list.html", context, status=400)
    active = form.active
    language = get_language()
    # Each incident's translation rides on the page's own query.
    paginator = Paginator(
        incidents_in(selectors.incident_list(active), language=language), PAGE_SIZE
    )
    try:
        page = paginator.page(PAGE.read(request))
    except EmptyPage:
        raise Http404("No such page.") from None
    page.object_list = [shown_incident(i, language=language) for i in page.object_list]
    query = query_string(active)
    context = {
        # Shown as the cache keys it, so "?nato=on" and "?nato=1" render the same page.
        "form": filter_form(QueryDict(query)),
        "page": page,
        "active": active,
        "query": query,
        "country_name": COUNTRIES[active["country"]].name if "country" in active else "",
        "meanings": _meanings(),
        "coverage": coverage_sentence(),
    }
    return render(request, "incidents/list.html", context)


def _meanings() -> list[tuple[str, str]]:
    return [(c.label, CATEGORY_MEANINGS[c]) for c in Category]


# Its sources show curated links' addresses once moderators publish them: `news` too.
@cached_public(keys=(INCIDENTS, NEWS))
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    language = get_language()
    found = incidents_in(Incident.objects.filter(pk=pk), language=language)
    incident = found.for_display().first()
    preview = False
    if incident is None or not incident.is_published:
        # Only now look at the session: published pages stay cookie-free and cacheable.
        if incident is not None and request.user.has_perm("incidents.view_incident"):
            preview = True  # editors check a draft before publishing it
        else:
            raise Http404("No such incident.")
    context = {
        "incident": shown_incident(incident, language=language),
        "preview": preview,
        "coverage": coverage_sentence(),
    }
    return render(request, "incidents/detail.html", context)


def _next_month_start(now: datetime) -> datetime:
    local = timezone.localtime(now).date()
    first = selectors.add_months(local.replace(day=1), 1)
    return timezone.make_aware(datetime.combine(first, time.min))


@cached_public(keys=(INCIDENTS,))
def timeline(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    months = selectors.timeline(timezone.localdate(now))
    chart = charts.timeline_chart(months)
    response = render(
        request,
        "incidents/timeline.html",
        {
            "chart": chart,
            "months": months,
            "legend": charts.legend(),
            "coverage": coverage_sentence(),
        },
    )
    return expires_at(response, _next_month_start(now))  # the 24 months move on


@cached_public(keys=(INCIDENTS,))
def incident_map(request: HttpRequest) -> HttpResponse:
    counts = selectors.counts_by_country()
    chart = charts.map_chart(counts)
    today = timezone.localdate()
    rows = sorted(
        ((COUNTRIES[code], n) for code, n in counts.items() if code in COUNTRIES),
        key=lambda row: (-row[1], row[0].name),
    )
    table = [
        {"code": c.code, "name": c.name, "count": n, "nato": c.nato_member_on(today)}
        for c, n in rows
    ]
    return render(
        request,
        "incidents/map.html",
        {
            "chart": chart,
            "table": table,
            "buckets": charts.BUCKETS,
            "coverage": coverage_sentence(),
        },
    )


# Too big for the page cache: a revisit is a 304 by the content version, and the shared
# cache in front keeps the file until a change to the record purges it.
@cached_public(keys=(INCIDENTS, NEWS))
@condition(etag_func=content_etag)
def incidents_csv(request: HttpRequest) -> StreamingHttpResponse:
    # Streamed a batch of incidents at a time, so a long record never sits in memory whole.
    chunks = csv_chunks()
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="incidents.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Pages of the API: a whole record of thousands of incidents, each with its history, is
# tens of megabytes and seconds to build, so the JSON comes in pages with links between
# them (the CSV, streamed, is the one-file download). 100 answers in tens of milliseconds.
API_PAGE_SIZE = 100


@cached_public(vary_on_query=(PAGE,), keys=(INCIDENTS, NEWS))
def incidents_json(request: HttpRequest) -> JsonResponse:
    paginator = Paginator(Incident.objects.published().for_display().newest_first(), API_PAGE_SIZE)
    try:
        page = paginator.page(PAGE.read(request))
    except EmptyPage:
        raise Http404("No such page.") from None
    base = f"{settings.SITE_URL}/api/incidents.json"
    payload = {
        "licence": LICENCE,
        "coverage": coverage_sentence(),
        "url": f"{settings.SITE_URL}/incidents/",
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
        "previous": (f"{base}?page={page.previous_page_number()}" if page.has_previous() else None),
        "incidents": [incident_payload(incident) for incident in page],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response

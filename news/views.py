from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from news.models import CuratedLink, Outlet
from warstatus.public_cache import cached_public

PAGE_SIZE = 20


@cached_public
def news_list(request: HttpRequest) -> HttpResponse:
    links = CuratedLink.objects.for_display().newest_first()
    outlet = None
    if domain := request.GET.get("outlet"):
        outlet = Outlet.objects.filter(domain=domain).first()
        links = links.filter(outlet=outlet) if outlet else links.none()
    page = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    outlets = Outlet.objects.filter(curatedlink__state="published").distinct().order_by("name")
    return render(
        request,
        "news/list.html",
        {"page": page, "outlet": outlet, "outlets": outlets, "filtered": bool(domain)},
    )

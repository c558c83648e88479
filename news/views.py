from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.pagecache import cached_public
from core.pagination import PAGE
from core.query import QueryParameter, host_name
from news.apps import NEWS
from news.models import CuratedLink, Outlet

PAGE_SIZE = 20
# ?outlet=<domain>: one outlet's links. Anything but a host name is a 404 before any query.
OUTLET = QueryParameter("outlet", host_name, default="")


@cached_public(vary_on_query=(PAGE, OUTLET), keys=(NEWS,))
def news_list(request: HttpRequest) -> HttpResponse:
    links = CuratedLink.objects.for_display().reporting().newest_first()
    outlet = None
    if domain := OUTLET.read(request):
        # Unknown outlets and pages past the end are 404s, which are not cached: made-up
        # values can't fill the cache with copies of an empty page.
        outlet = Outlet.objects.filter(domain=domain).first()
        if outlet is None:
            raise Http404("No outlet with that domain.")
        links = links.filter(outlet=outlet)
    paginator = Paginator(links, PAGE_SIZE)
    try:
        page = paginator.page(PAGE.read(request))
    except EmptyPage:
        raise Http404("No such page.") from None
    reporting = {"curatedlink__state": "published", "curatedlink__reference": False}
    outlets = Outlet.objects.filter(**reporting).distinct().order_by("name")
    return render(
        request,
        "news/list.html",
        {"page": page, "outlet": outlet, "outlets": outlets, "filtered": bool(domain)},
    )

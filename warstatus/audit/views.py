from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from warstatus.audit.models import AuditEntry
from warstatus.audit.selectors import with_live_links
from warstatus.public_cache import cached_public

PAGE_SIZE = 25


@cached_public
def changelog(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.public().newest_first()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/changelog.html",
        {"page": page, "entries": with_live_links(list(page.object_list))},
    )

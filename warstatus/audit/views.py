from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from warstatus.audit.models import AuditEntry
from warstatus.audit.selectors import with_live_links
from warstatus.public_cache import cached_public

PAGE_SIZE = 25


@dataclass
class Page:
    """Newer/older paging with no COUNT(*): the log grows to millions of rows."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


@cached_public
def changelog(request: HttpRequest) -> HttpResponse:
    try:
        number = max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(AuditEntry.objects.for_public_list().newest_first()[start : start + PAGE_SIZE + 1])
    page = Page(number=number, has_next=len(rows) > PAGE_SIZE)
    return render(
        request,
        "audit/changelog.html",
        {"page": page, "entries": with_live_links(rows[:PAGE_SIZE])},
    )

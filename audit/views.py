from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from audit.models import AuditEntry
from audit.selectors import live_links_change_at, with_live_links
from core.pagecache import cached_public, expires_at
from core.pagination import PAGE

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


@cached_public(vary_on_query=(PAGE,))
def changelog(request: HttpRequest) -> HttpResponse:
    number = PAGE.read(request)
    start = (number - 1) * PAGE_SIZE
    rows = list(AuditEntry.objects.for_public_list().newest_first()[start : start + PAGE_SIZE + 1])
    if number > 1 and not rows:
        raise Http404("No such page.")  # not cached: made-up page numbers can't fill the cache
    page = Page(number=number, has_next=len(rows) > PAGE_SIZE)
    entries = rows[:PAGE_SIZE]
    changes_at = live_links_change_at(entries)  # before the links are read: never later
    response = render(
        request, "audit/changelog.html", {"page": page, "entries": with_live_links(entries)}
    )
    return expires_at(response, changes_at)

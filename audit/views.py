import contextlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from audit import checkpoints
from audit.apps import CHANGELOG, LINKED_KINDS
from audit.models import AuditEntry
from audit.selectors import live_links_change_at, with_live_links
from core.pagecache import cached_public, expires_at
from core.pagecache.outages import CACHE_ERRORS
from core.pagination import PAGE

PAGE_SIZE = 25
logger = logging.getLogger(__name__)


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


# It links an entry to its object only while that is live, so it shows their state too.
@cached_public(vary_on_query=(PAGE,), keys=(CHANGELOG, *LINKED_KINDS))
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


# The last checkpoint issued, here and in the shared cache: still signed, and true as of
# its issue time, so it is what a mirror gets while the database is down.
_last_issued: dict | None = None
LAST_CHECKPOINT_KEY = "audit:last-checkpoint"


@require_safe
def checkpoint(request: HttpRequest) -> JsonResponse:
    """The head of the audit chain, signed, for readers and mirrors to keep copies of.

    Not behind the page cache: a new head (a sign-in, a feed poll) changes no page, so
    the content version would not move. The read is one query by primary key, and
    browsers and CDNs keep the answer for 30 s.
    """
    try:
        document = checkpoints.issue().as_json()
    except DatabaseError:
        logger.exception("Audit checkpoint: the database could not be read")
        document = _recall_checkpoint()
        if document is None:  # the database down since before any checkpoint was issued
            response = JsonResponse({"error": "The audit log cannot be read just now."}, status=503)
            response["Retry-After"] = "30"
            patch_cache_control(response, no_store=True)
            return response
    else:
        _remember_checkpoint(document)
    response = JsonResponse(document)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=30)
    return response


def _remember_checkpoint(document: dict) -> None:
    global _last_issued
    if _last_issued is None or _last_issued["head"] != document["head"]:
        with contextlib.suppress(*CACHE_ERRORS):  # this process still remembers it
            cache.set(LAST_CHECKPOINT_KEY, document, timeout=None)
    _last_issued = document


def _recall_checkpoint() -> dict | None:
    if _last_issued is not None:
        return _last_issued
    try:
        return cache.get(LAST_CHECKPOINT_KEY)
    except CACHE_ERRORS:
        return None

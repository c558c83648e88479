"""Views at made-up addresses for the page cache's tests: which are cached is theirs to say."""

from collections import Counter

from django.db import DataError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from core.pagecache import cached_public
from core.pagination import PAGE
from warstatus import urls as site_urls

renders: Counter = Counter()


@cached_public
def cached(request: HttpRequest) -> HttpResponse:
    renders["cached"] += 1
    return HttpResponse(f"cached {renders['cached']}")


def not_cached(request: HttpRequest) -> HttpResponse:
    renders["not_cached"] += 1
    return HttpResponse("not cached")


@cached_public(vary_on_query=(PAGE,))
def paged(request: HttpRequest) -> HttpResponse:
    renders["paged"] += 1
    return HttpResponse(f"page {PAGE.read(request)}")


@cached_public
def query_bug(request: HttpRequest) -> HttpResponse:
    raise DataError("invalid input syntax")


@cached_public
def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection refused")


urlpatterns = [
    path("anything/cached/", cached),
    path("anything/not-cached/", not_cached),
    path("paged/", paged),
    path("query-bug/", query_bug),
    path("database-down/", database_down),
    # The site's own patterns after them: a 404 page links the site's pages by name.
    *site_urls.urlpatterns,
]

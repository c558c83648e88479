"""Views at made-up addresses for the page cache's tests."""

from django.db import DataError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from core.public_cache import cached_public


@cached_public
def query_bug(request: HttpRequest) -> HttpResponse:
    raise DataError("invalid input syntax")


@cached_public
def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection refused")


urlpatterns = [
    path("query-bug/", query_bug),
    path("database-down/", database_down),
]

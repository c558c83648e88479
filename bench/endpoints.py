"""Reference endpoints for `make bench`: the floor, and the home page's render in parts."""

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path


def trivial(request: HttpRequest) -> HttpResponse:
    """The floor: Django's request cycle with no database, cache or template."""
    return HttpResponse("ok", content_type="text/plain")


def home_reads(request: HttpRequest) -> HttpResponse:
    """The home page's database reads with no template: how much of a render is reading."""
    from status.views import home_context

    home_context()
    return HttpResponse("ok", content_type="text/plain")


@functools.cache
def _home_context_once() -> dict:
    from status.views import home_context

    return home_context()


def home_template(request: HttpRequest) -> HttpResponse:
    """The home page's template with reads made once per process: how much is templating."""
    return render(request, "status/home.html", _home_context_once())


urlpatterns = [
    path("bench/trivial", trivial),
    path("bench/home-reads", home_reads),
    path("bench/home-template", home_template),
]

"""The site's URLs plus a page that would be cached but for the cookie it sets, and one
that says which Accept-Language reached the site (and varies by it, as a stray
middleware might)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from warstatus import urls as site_urls


def sets_a_cookie(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("Hello")
    response["Cache-Control"] = "public, s-maxage=3600"
    response["Surrogate-Control"] = "max-age=86400"
    response.set_cookie("visitor", "someone")
    return response


def says_its_language(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(f"Accept-Language: {request.headers.get('Accept-Language', '')}")
    response["Cache-Control"] = "public, s-maxage=3600"
    response["Surrogate-Control"] = "max-age=30"
    response["Vary"] = "Accept-Language"
    return response


# The site's patterns themselves, not include()d: Django refuses i18n_patterns (the
# language-prefixed public pages) inside an include.
urlpatterns = [
    path("sets-a-cookie/", sets_a_cookie),
    path("says-its-language/", says_its_language),
    *site_urls.urlpatterns,
]

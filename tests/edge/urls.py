"""The site's URLs plus a page that would be cached but for the cookie it sets."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from warstatus import urls as site_urls


def sets_a_cookie(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("Hello")
    response["Cache-Control"] = "public, s-maxage=3600"
    response["Surrogate-Control"] = "max-age=86400"
    response.set_cookie("visitor", "someone")
    return response


# The site's patterns themselves, not include()d: Django refuses i18n_patterns (the
# language-prefixed public pages) inside an include.
urlpatterns = [path("sets-a-cookie/", sets_a_cookie), *site_urls.urlpatterns]

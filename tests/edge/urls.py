"""The site's URLs plus a page that would be cached but for the cookie it sets."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def sets_a_cookie(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("Hello")
    response["Cache-Control"] = "public, s-maxage=3600"
    response["Surrogate-Control"] = "max-age=86400"
    response.set_cookie("visitor", "someone")
    return response


urlpatterns = [
    path("sets-a-cookie/", sets_a_cookie),
    path("", include("warstatus.urls")),
]

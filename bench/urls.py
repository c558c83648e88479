"""The site's addresses plus the bench's reference endpoints under /bench/."""

from django.urls import include, path

from warstatus.urls import handler404, handler500
from warstatus.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("", include("bench.endpoints"))]

__all__ = ["handler404", "handler500", "urlpatterns"]

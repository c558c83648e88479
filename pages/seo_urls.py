from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import path
from django.views.decorators.cache import cache_control

from core.pagecache import cached_public, expires_at
from explainers.apps import EXPLAINERS
from explainers.models import Explainer
from incidents.apps import INCIDENTS
from pages.sitemaps import SITEMAPS


@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    # The admin is not named: robots.txt is the first file an attacker reads, and
    # its pages already tell crawlers to stay out (the admin's robots meta tag).
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@cached_public(keys=(EXPLAINERS, INCIDENTS))
def sitemap(request: HttpRequest) -> HttpResponse:
    # It lists the live explainers and the published incidents. Asked before the list is read (at render), so a page
    # going live in between makes the copy expire at once rather than be missed.
    changes_at = Explainer.objects.next_change()
    # One page of a few dozen addresses: Django's ?p= (for sitemaps over 50,000) is
    # ignored like any other parameter, so a render and the cached copy answer alike.
    request.GET = QueryDict()
    return expires_at(sitemap_view(request, sitemaps=SITEMAPS), changes_at)


urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

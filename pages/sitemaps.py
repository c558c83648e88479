"""/sitemap.xml: every public page, with when it last changed."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max

from audit.models import AuditEntry
from explainers.models import Explainer, Question
from incidents.models import Incident
from news.models import CuratedLink
from status.models import Check, Verdict


class Sitemap(DjangoSitemap):
    """URLs on SITE_URL, not on whichever host the request named: the sitemap is
    cached and served to every host, so it must not depend on one."""

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ExplainerSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Explainer.objects.published().in_order()

    def lastmod(self, explainer: Explainer):
        return explainer.updated_at


class IncidentSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Incident.objects.published().only("pk", "updated_at").order_by("-id")

    def lastmod(self, incident: Incident):
        return incident.updated_at


class PageSitemap(Sitemap):
    """The fixed pages, each dated by the newest change to what it shows."""

    def items(self):
        return [
            "/",
            "/status/history/",
            "/news/",
            "/explainers/",
            "/faq/",
            "/changelog/",
            "/incidents/",
            "/incidents/timeline/",
            "/incidents/map/",
            "/translations/",
        ]

    def location(self, item: str) -> str:
        return item

    def lastmod(self, item: str):
        # A page with nothing on it yet changed last when the site did.
        return self._lastmod(item) or AuditEntry.objects.aggregate(m=Max("created_at"))["m"]

    def _lastmod(self, item: str):
        if item == "/":
            return Check.objects.aggregate(m=Max("checked_at"))["m"]
        if item == "/status/history/":
            return Verdict.objects.aggregate(m=Max("effective_at"))["m"]
        if item == "/news/":
            return CuratedLink.objects.published().aggregate(m=Max("updated_at"))["m"]
        if item == "/explainers/":
            return Explainer.objects.published().aggregate(m=Max("updated_at"))["m"]
        if item == "/faq/":
            return Question.objects.published().aggregate(m=Max("updated_at"))["m"]
        if item.startswith("/incidents/"):
            return Incident.objects.published().aggregate(m=Max("updated_at"))["m"]
        return AuditEntry.objects.public().aggregate(m=Max("created_at"))["m"]


SITEMAPS = {"pages": PageSitemap, "explainers": ExplainerSitemap, "incidents": IncidentSitemap}

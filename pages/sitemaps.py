"""/sitemap.xml: every public page in every language, with when it last changed.

Each page is listed once per site language (`/pl/explainers/`, ...), each entry with
`hreflang` alternates naming the page in every language and `x-default` naming the
English one, so search engines show readers the page in their own language.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse

from audit.models import AuditEntry
from explainers.models import Explainer, Question
from incidents.models import Incident
from news.models import CuratedLink
from status.models import Check, Verdict


class Sitemap(DjangoSitemap):
    """URLs on SITE_URL, not on whichever host the request named: the sitemap is
    cached and served to every host, so it must not depend on one. Every language
    (settings.LANGUAGES): Django asks `location` with each one active, so addresses come
    from `reverse()`, which adds the language's prefix."""

    i18n = True
    alternates = True
    x_default = True

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

    def __init__(self):
        # Each page's date, read once for all its languages (one sitemap per request).
        self._dates: dict[str, object] = {}

    def items(self):
        # URL names: reverse() gives each language's address.
        return [
            "status:home",
            "status:history",
            "news:list",
            "explainers:list",
            "explainers:faq",
            "audit:changelog",
            "incidents:list",
            "incidents:timeline",
            "incidents:map",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str):
        if item not in self._dates:
            # A page with nothing on it yet changed last when the site did.
            self._dates[item] = (
                self._lastmod(item) or AuditEntry.objects.aggregate(m=Max("created_at"))["m"]
            )
        return self._dates[item]

    def _lastmod(self, item: str):
        if item == "status:home":
            return Check.objects.aggregate(m=Max("checked_at"))["m"]
        if item == "status:history":
            return Verdict.objects.aggregate(m=Max("effective_at"))["m"]
        if item == "news:list":
            return CuratedLink.objects.published().aggregate(m=Max("updated_at"))["m"]
        if item == "explainers:list":
            return Explainer.objects.published().aggregate(m=Max("updated_at"))["m"]
        if item == "explainers:faq":
            return Question.objects.published().aggregate(m=Max("updated_at"))["m"]
        if item.startswith("incidents:"):
            return Incident.objects.published().aggregate(m=Max("updated_at"))["m"]
        return AuditEntry.objects.public().aggregate(m=Max("created_at"))["m"]


SITEMAPS = {"pages": PageSitemap, "explainers": ExplainerSitemap, "incidents": IncidentSitemap}

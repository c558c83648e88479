"""/feeds/incidents.xml: Atom, the incidents newest on the record first."""

from django.conf import settings
from django.db.models import Prefetch

from core.sanitize import xml_text
from core.site_feed import SiteFeed, on_site, summary
from incidents.coverage import coverage_sentence
from incidents.models import Incident, IncidentCountry


class IncidentsFeed(SiteFeed):
    title = f"{settings.SITE_NAME} — incidents record"

    def subtitle(self) -> str:
        return (
            "Drones, airspace violations, sabotage, cyber attacks and jamming in Europe "
            "linked to Russia, with their sources and who attributed them. "
            f"{coverage_sentence()}"
        )

    path = "/incidents/"
    feed_path = "/feeds/incidents.xml"

    def items(self):
        countries = Prefetch("countries", queryset=IncidentCountry.objects.order_by("code"))
        published = Incident.objects.published().prefetch_related(countries)
        return published.order_by("-published_at", "-id")[:50]

    def item_title(self, incident: Incident) -> str:
        return xml_text(incident.title)

    def item_description(self, incident: Incident) -> str:
        where = ", ".join(c.name for c in incident.countries.all())
        return summary(
            f"{incident.when} · {where} · {incident.get_category_display()}. {incident.account}"
        )

    def item_link(self, incident: Incident) -> str:
        return on_site(incident.get_absolute_url())

    def item_pubdate(self, incident: Incident):
        return incident.published_at

    def item_updateddate(self, incident: Incident):
        return incident.updated_at

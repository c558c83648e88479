"""The launch incidents: what the seed reporting describes, in our own words, with its
named and dated sources. Nothing here goes beyond the seeds.

The seeds describe one incident precisely enough to record: the Russian drones
that entered Polish airspace in September 2025 (the Kyiv Independent: "more than
20", "earlier this month"), the Article 4 consultations that followed, and
NATO's statement of 23 September. The day of the incursion is not in the
reporting that names Poland, so it is recorded to the month.
"""

from __future__ import annotations

from datetime import date

from incidents import services
from incidents.models import Category, Confidence, Incident, Precision, Response
from news.models import CuratedLink

REASON = "Added with the launch content, written from the reporting the site was founded on."
KYIV_INDEPENDENT_TITLE = "Is NATO already at war with Russia? It depends who you ask"

POLAND_DRONES = {
    "title": "More than 20 Russian drones enter Poland's airspace",
    "account": (
        "More than 20 Russian drones crossed into Poland's airspace in September 2025, an "
        "incursion described in reporting at the time as unprecedented.\n\n"
        "Russian violations of allied airspace that month, this one included, led allies to "
        "hold consultations under Article 4 of the North Atlantic Treaty twice. Article 5 "
        "was not invoked. NATO answered with Eastern Sentry, a modest increase in air "
        "patrols along its eastern flank.\n\n"
        "On 23 September 2025 the Alliance called Russia's actions escalatory, said they "
        "risked miscalculation and endangered lives and must stop, and warned that its "
        "response to further violations would be robust."
    ),
    "started_on": date(2025, 9, 1),
    "precision": Precision.MONTH,
    "category": Category.DRONE_INCURSION,
    "responses": [Response.ARTICLE_4],
}

NATO_STATEMENT = {
    "publisher": "NATO",
    "title": "Statement on Russia's violations of allied airspace (quoted by the Kyiv Independent)",
    "published_on": date(2025, 9, 23),
}

NATO_ATTRIBUTION = {
    "by_kind": "nato",
    "by_name": "NATO",
    "to_state": "RU",
    "confidence": Confidence.OFFICIAL,
    "stated_on": date(2025, 9, 23),
    "source_note": "NATO statement of 23 September 2025, as reported by the Kyiv Independent",
}


def _already_loaded() -> bool:
    # Matched on what it is, not its title, which editors may correct.
    return Incident.objects.filter(
        category=Category.DRONE_INCURSION,
        started_on__year=2025,
        started_on__month=9,
        countries__code="PL",
    ).exists()


def load() -> list[str]:
    if _already_loaded():
        return []
    incident = services.save_incident(user=None, reason=REASON, countries=["PL"], **POLAND_DRONES)
    article = CuratedLink.objects.filter(title=KYIV_INDEPENDENT_TITLE).first()
    if article is not None:
        services.add_source(user=None, incident=incident, reason=REASON, link=article)
    services.add_source(user=None, incident=incident, reason=REASON, **NATO_STATEMENT)
    services.add_attribution(user=None, incident=incident, reason=REASON, **NATO_ATTRIBUTION)
    services.publish_incident(user=None, incident=incident, reason=REASON)
    return [f"incident {incident.title!r}"]

"""Launch outlets, curated items and feeds, written from the seeds in our own words.

The seed articles came without their addresses, so every item starts pending:
the moderators' queue shows what is missing (URL, date) and nothing is
published without it.
"""

from __future__ import annotations

from audit import services as audit
from news.models import CuratedLink, Feed, Outlet

OUTLETS = [
    ("Kyiv Independent", "kyivindependent.com", "https://kyivindependent.com/", True),
    ("NATO", "nato.int", "https://www.nato.int/", True),
    ("BBC News", "bbc.co.uk", "https://www.bbc.co.uk/news", True),
    ("The Guardian", "theguardian.com", "https://www.theguardian.com/", True),
    ("Global Leaders Insights", "globalleadersinsights.com", "", False),
]

ITEMS = [
    # (title, outlet domain or None, context)
    (
        "Is NATO already at war with Russia? It depends who you ask",
        "kyivindependent.com",
        "Leaders disagree on whether Russia's drones, sabotage and cyber attacks already amount "
        "to conflict. NATO has used Article 4 twice but has not invoked Article 5.",
    ),
    (
        "If Russia struck a NATO ally: how collective defence would play out",
        None,
        "Walks through what would follow an attack on an ally: consultation, attribution, a "
        "political decision on Article 5 and the risk of escalation. Written by an AI byline; "
        "read it as an explainer, not as reporting.",
    ),
    (
        "NATO considers Article 5-type security guarantees for Ukraine",
        "globalleadersinsights.com",
        "Mark Rutte said allies were discussing protections for Ukraine modelled on Article 5, "
        "short of membership.",
    ),
    (
        "NATO has no plans to deploy troops to Ukraine, deputy chief says",
        None,
        "NATO's deputy secretary general said Article 5 covers allied territory and that no "
        "troop deployment to Ukraine is planned without a wider political mandate.",
    ),
    (
        "Allies discuss NATO-style guarantees for Ukraine",
        None,
        "Allies discuss \u201cNATO-style\u201d guarantees and mechanisms to deter and respond to "
        "future Russian aggression.",
    ),
    (
        "Talks on voluntary participation and monitoring",
        None,
        "Talks focus on voluntary participation, monitoring mechanisms and longer-term "
        "deterrence frameworks.",
    ),
    (
        "Plans for a European-led deterrence force",
        None,
        "Plans discussed for a European-led deterrence force with US support in a "
        "post-ceasefire scenario.",
    ),
    (
        "Incidents Western officials attribute to Russia",
        None,
        "A database-led look at incidents Western officials attribute to Russia and their "
        "impact on European security.",
    ),
    (
        "NATO leadership on Russian pressure tactics",
        "nato.int",
        "NATO leadership describes ongoing Russian pressure tactics and the Alliance's "
        "collective defence posture.",
    ),
    (
        "The continuing intensity of the Russia–Ukraine war",
        None,
        "A reminder of the continuing intensity of the Russia–Ukraine war and related "
        "regional security risks.",
    ),
]

FEEDS = [
    ("https://www.nato.int/cps/rss/en/natohq/rssFeed.xsl/rssFeed.xml", "nato.int"),
    ("https://feeds.bbci.co.uk/news/world/rss.xml", "bbc.co.uk"),
    ("https://www.theguardian.com/world/rss", "theguardian.com"),
    ("https://kyivindependent.com/news-archive/rss/", "kyivindependent.com"),
]


def load() -> list[str]:
    created: list[str] = []
    outlets = {}
    for name, domain, homepage, reputable in OUTLETS:
        outlets[domain], made = Outlet.objects.get_or_create(
            domain=domain, defaults={"name": name, "homepage": homepage, "reputable": reputable}
        )
        if made:
            audit.record_created(actor=None, obj=outlets[domain], how=audit.LAUNCH_CONTENT)
            created.append(f"outlet {domain}")
    for title, domain, context in ITEMS:
        link, made = CuratedLink.objects.get_or_create(
            title=title,
            defaults={"outlet": outlets.get(domain) if domain else None, "context": context},
        )
        if made:
            audit.record_created(actor=None, obj=link, how=audit.LAUNCH_CONTENT)
            created.append(f"pending link {title[:40]!r}")
    for url, domain in FEEDS:
        feed, made = Feed.objects.get_or_create(url=url, defaults={"outlet": outlets[domain]})
        if made:
            audit.record_created(actor=None, obj=feed, how=audit.LAUNCH_CONTENT)
            created.append(f"feed {url}")
    return created

"""Launch outlets, curated items and feeds, written from the seeds in our own words.

A new site opens with a few primary sources published (stable NATO pages whose
addresses and dates we know), so the home page, /news/ and the news feed are not
empty. They go through the news services like any moderator's publication, so the
changelog records them.

The seed articles came without their addresses, so those items start pending: the
moderators' queue shows what is missing (URL, date) and nothing is published without
it. So do primary sources whose date we could not establish.
"""

from __future__ import annotations

from datetime import UTC, datetime

from audit import services as audit
from news import services
from news.canonical import canonicalize_url
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
        "Mircea Geoană, NATO's deputy secretary general until 2024, said Article 5 covers "
        "allied territory and that no troop deployment to Ukraine was planned without a wider "
        "political mandate.",
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


def _day(year: int, month: int, day: int) -> datetime:
    # Noon UTC: the same calendar day in London whatever the season.
    return datetime(year, month, day, 12, tzinfo=UTC)


# (url, title, context, source date or None). Published at launch when dated; pending
# (for a moderator to date) otherwise.
PRIMARY_SOURCES = [
    (
        "https://www.nato.int/cps/en/natolive/official_texts_17120.htm",
        "The North Atlantic Treaty",
        "The treaty itself, fourteen short articles. Article 4 is the consultation clause and "
        "Article 5 the collective defence clause that this page's answer turns on.",
        _day(1949, 4, 4),
    ),
    (
        "https://www.nato.int/docu/pr/2001/p01-124e.htm",
        "Statement by the North Atlantic Council, 12 September 2001",
        "The only time allies have invoked Article 5: the day after the 11 September attacks "
        "they agreed that, if the attack was directed from abroad, it counted as an attack on "
        "all. It shows what a formal invocation looks like.",
        _day(2001, 9, 12),
    ),
    (
        "https://www.nato.int/cps/en/natohq/topics_49187.htm",
        "The consultation process and Article 4",
        "NATO's own explanation of Article 4: any ally can ask the others to consult when it "
        "feels threatened. Consultations are talks among allies, not a step towards war.",
        _day(2023, 7, 18),  # the page's own "last updated" date
    ),
    (
        "https://www.nato.int/cps/en/natohq/topics_110496.htm",
        "Collective defence and Article 5",
        "NATO's reference page on Article 5: what it commits allies to, and the one time it "
        "was invoked.",
        None,
    ),
    (
        "https://www.nato.int/cps/en/natohq/topics_50090.htm",
        "NATO's relations with Russia",
        "NATO's account of its relations with Russia, from partnership after the Cold War to "
        "the suspension of practical cooperation in 2014 and the break after February 2022.",
        None,
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
    for url, title, context, published in PRIMARY_SOURCES:
        if CuratedLink.objects.filter(url=canonicalize_url(url)).exists():
            continue
        if published is None:
            services.submit_link(user=None, url=url, title=title, context=context)
            created.append(f"pending link {title[:40]!r}")
        else:
            services.create_published_link(
                moderator=None,
                url=url,
                title=title,
                outlet=None,  # found from the address (nato.int)
                context=context,
                source_published_at=published,
            )
            created.append(f"published link {title[:40]!r}")
    for url, domain in FEEDS:
        feed, made = Feed.objects.get_or_create(url=url, defaults={"outlet": outlets[domain]})
        if made:
            audit.record_created(actor=None, obj=feed, how=audit.LAUNCH_CONTENT)
            created.append(f"feed {url}")
    return created

"""Launch outlets, curated links and feeds, from docs/research/launch-record-2025.md.

Every address here was found verbatim by that research, from a primary source or an
outlet it classes reputable; none is guessed. A new site opens with two lists:

- reporting for "Recent developments" and /news/: dated articles from 2024-2025,
  newest first, each with a line of our own context;
- key documents (the treaty, NATO's own statements and pages): reference texts, shown
  apart from the news so that a 1949 treaty is never presented as recent.

They go through the news services like any moderator's publication, so the changelog
records them. Articles whose publication day the research could not see start pending:
the moderators' queue shows the missing date and nothing is published without it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from audit import services as audit
from news import services
from news.canonical import canonicalize_url
from news.models import CuratedLink, Feed, Outlet, Standing

# (name, domain, homepage, standing). NATO and the UN are primary sources; the rest are
# outlets the research classes reputable. Global Leaders Insights stays on the list,
# marked "other", so that nobody cites it again.
OUTLETS = [
    ("Kyiv Independent", "kyivindependent.com", "https://kyivindependent.com/", Standing.REPUTABLE),
    ("NATO", "nato.int", "https://www.nato.int/", Standing.PRIMARY),
    ("United Nations", "un.org", "https://news.un.org/", Standing.PRIMARY),
    ("BBC News", "bbc.co.uk", "https://www.bbc.co.uk/news", Standing.REPUTABLE),
    ("The Guardian", "theguardian.com", "https://www.theguardian.com/", Standing.REPUTABLE),
    (
        "The Independent",
        "the-independent.com",
        "https://www.the-independent.com/",
        Standing.REPUTABLE,
    ),
    ("ERR News", "err.ee", "https://news.err.ee/", Standing.REPUTABLE),
    ("Polskie Radio", "polskieradio.pl", "https://www.polskieradio.pl/", Standing.REPUTABLE),
    (
        "Deutschlandfunk",
        "deutschlandfunk.de",
        "https://www.deutschlandfunk.de/",
        Standing.REPUTABLE,
    ),
    ("Deutsche Welle", "dw.com", "https://www.dw.com/", Standing.REPUTABLE),
    ("Politico Europe", "politico.eu", "https://www.politico.eu/", Standing.REPUTABLE),
    # Cited by the incidents record (incidents.launch), as the research classes them.
    ("The Independent", "independent.co.uk", "https://www.independent.co.uk/", Standing.REPUTABLE),
    ("Suspilne", "suspilne.media", "https://suspilne.media/", Standing.REPUTABLE),
    ("Berlingske", "berlingske.dk", "https://www.berlingske.dk/", Standing.REPUTABLE),
    ("EFE", "efe.com", "https://efe.com/", Standing.REPUTABLE),
    ("Global Leaders Insights", "globalleadersinsights.com", "", Standing.OTHER),
    # Known disinformation: the "Pravda" network's sites, as named in reporting on VIGINUM's
    # "Portal Kombat" report (docs/research/disinformation-outlets.md). Listed so that
    # they are refused as sources and flagged in the moderators' inbox.
    *(
        (f"Pravda network ({domain})", domain, "", Standing.DISINFORMATION)
        for domain in (
            "pravda-en.com",
            "pravda-de.com",
            "pravda-fr.com",
            "pravda-es.com",
            "pravda-pl.com",
        )
    ),
]


def _day(year: int, month: int, day: int) -> datetime:
    # Noon UTC: the same calendar day in London whatever the season.
    return datetime(year, month, day, 12, tzinfo=UTC)


# (url, title, context, source date). Reporting, published at launch.
REPORTING = [
    (
        "https://news.err.ee/1609806336/three-russian-fighter-jets-violate-estonian-airspace-linger-for-12-minutes",
        "Three Russian fighter jets violate Estonian airspace, linger for 12 minutes",
        "Three Russian MiG-31s entered Estonian airspace near Vaindloo island for nearly 12 "
        "minutes; Estonia summoned Russia's chargé d'affaires. Its foreign minister said Russia "
        "had violated Estonian airspace four times that year.",
        _day(2025, 9, 19),
    ),
    (
        "https://news.un.org/en/story/2025/09/1165836",
        "Security Council live: NATO allies rally round Poland in face of Russian incursion, as "
        "drone warfare takes centre stage",
        "The UN Security Council met in emergency session at Poland's request after Russian "
        "drones violated Polish airspace. The UN's own account of the meeting.",
        _day(2025, 9, 12),
    ),
    (
        "https://www.the-independent.com/news/world/europe/poland-russia-drones-ukraine-war-putin-nato-latest-news-b2823643.html",
        "Ukraine-Russia war latest: Poland shoots down Russian drones after repeated "
        "'unprecedented violation' of its airspace",
        "Live reporting from the night of 9-10 September 2025: Poland's prime minister said "
        "drones that posed a direct threat were shot down, a house in Wyryki was hit and "
        "airports including Warsaw Chopin closed for part of the night.",
        _day(2025, 9, 10),
    ),
    (
        "https://www.politico.eu/article/russia-suspected-planting-device-on-plane-uk-warehouse-fire-minworth/",
        "Russia suspected of planting an incendiary device that set fire to a UK warehouse",
        "British counter-terrorism police were investigating whether Russian agents sent "
        "a parcel that caught fire at a DHL warehouse. Suspected, not attributed: the report "
        "describes an investigation, not a finding.",
        _day(2024, 10, 17),
    ),
    (
        "https://www.dw.com/en/germany-summons-russian-envoy-over-cyberattack/a-68985000",
        "Germany summons Russian envoy over cyberattack",
        "Germany attributed a 2023 cyberattack on the Social Democrats to Russian military "
        "intelligence and summoned Russia's envoy: a hybrid attack attributed by a NATO "
        "member's government.",
        _day(2024, 5, 3),
    ),
    (
        # Cited by the incidents record. The page shows no publication day; the research
        # dates Poland's announcement it reports to 11 September 2025, and the context says so.
        "https://kyivindependent.com/un-security-council-to-meet-over-russian-drones-violating-polish-airspace",
        "UN Security Council to meet over Russian drones violating Polish airspace",
        "Poland called the UN Security Council after the drone incursion; its foreign minister "
        "said the violation was deliberate, while Russia denied it. The page shows no "
        "publication day: listed on the day of what it reports, 11 September 2025.",
        _day(2025, 9, 11),
    ),
]

# (url, title, context, date). Reference texts, listed under "Key documents".
KEY_DOCUMENTS = [
    (
        "https://www.nato.int/archives/1st5years/annexes/a.htm",
        "The North Atlantic Treaty, Washington, 4 April 1949",
        "The treaty itself, in NATO's archives. Article 4 is the consultation clause and "
        "Article 5 the collective defence clause that this page's answer turns on.",
        _day(1949, 4, 4),
    ),
    (
        "https://www.nato.int/cps/en/natohq/news_77926.htm?selectedLocale=en",
        "Statement on the 10th anniversary of the invocation of Article 5",
        "NATO recalls the only time allies have invoked Article 5: on 12 September 2001, "
        "after the attacks on the United States. It shows what a formal invocation is.",
        _day(2011, 9, 12),
    ),
    (
        "https://www.nato.int/cps/en/natohq/topics_49187.htm",
        "The consultation process and Article 4",
        "NATO's own explanation of Article 4: any ally can ask the others to consult when it "
        "feels threatened. Consultations are talks among allies, not a step towards war.",
        _day(2023, 7, 18),  # the page's own "last updated" date
    ),
]

# (url, title, context). Reporting whose publication day the research could not see:
# pending, for a moderator to date: the article the site was founded on.
UNDATED = [
    (
        "https://kyivindependent.com/is-nato-already-at-war-with-russia-it-depends-who-you-ask",
        "Is NATO already at war with Russia? It depends who you ask",
        "Leaders disagree on whether Russia's drones, sabotage and cyber attacks already amount "
        "to conflict. Allies have used Article 4 twice but have not invoked Article 5.",
    ),
]

FEEDS = [
    ("https://www.nato.int/cps/rss/en/natohq/rssFeed.xsl/rssFeed.xml", "nato.int"),
    ("https://feeds.bbci.co.uk/news/world/rss.xml", "bbc.co.uk"),
    ("https://www.theguardian.com/world/rss", "theguardian.com"),
    ("https://kyivindependent.com/news-archive/rss/", "kyivindependent.com"),
]


def _publish(url: str, title: str, context: str, published: datetime, reference: bool) -> bool:
    if CuratedLink.objects.filter(url=canonicalize_url(url)).exists():
        return False
    services.create_published_link(
        moderator=None,
        url=url,
        title=title,
        outlet=None,  # found from the address
        context=context,
        source_published_at=published,
        reference=reference,
    )
    return True


def load() -> list[str]:
    created: list[str] = []
    outlets = {}
    for name, domain, homepage, standing in OUTLETS:
        outlets[domain], made = Outlet.objects.get_or_create(
            domain=domain, defaults={"name": name, "homepage": homepage, "standing": standing}
        )
        if made:
            audit.record_created(actor=None, obj=outlets[domain], how=audit.LAUNCH_CONTENT)
            created.append(f"outlet {domain}")
    for url, title, context, published in REPORTING:
        if _publish(url, title, context, published, reference=False):
            created.append(f"published link {title[:40]!r}")
    for url, title, context, published in KEY_DOCUMENTS:
        if _publish(url, title, context, published, reference=True):
            created.append(f"key document {title[:40]!r}")
    for url, title, context in UNDATED:
        # Matched on the title as well: an editor may have corrected the address.
        known = CuratedLink.objects.filter(title=title) | CuratedLink.objects.filter(
            url=canonicalize_url(url)
        )
        if known.exists():
            continue
        services.submit_link(user=None, url=url, title=title, context=context)
        created.append(f"pending link {title[:40]!r}")
    for url, domain in FEEDS:
        feed, made = Feed.objects.get_or_create(url=url, defaults={"outlet": outlets[domain]})
        if made:
            audit.record_created(actor=None, obj=feed, how=audit.LAUNCH_CONTENT)
            created.append(f"feed {url}")
    return created

"""The launch verdict and indicators, in our own words, sourced from the launch research
(docs/research/launch-record-2025.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from audit import services as audit
from news import services_sources
from status import services
from status.models import Indicator, IndicatorKind, IndicatorState, State, Verdict

VERDICT = {
    "state": State.NO_WAR,
    "answer": "No",
    "headline": (
        "There is no formal state of war between NATO and Russia, and Article 5 "
        "has not been invoked against Russia."
    ),
    "summary": (
        "No NATO member has declared war on Russia, NATO has not declared war, and the "
        "Alliance's collective defence clause (Article 5) has not been invoked in relation "
        "to Russia.\n\n"
        "The situation is still volatile. Europe is dealing with drones crossing into allied "
        "airspace, sabotage, cyber attacks and diplomatic escalation linked to Russia's war "
        "against Ukraine. Those are serious, and some leaders call them a form of conflict, "
        "but they do not by themselves amount to war between NATO and Russia."
    ),
    "outlook": (
        "If a material change occurs (for example a formal invocation of Article 5 or an "
        "official declaration of war by a NATO member), we will update this page and explain why."
    ),
}

# Sources from docs/research/launch-record-2025.md, at the addresses it found verbatim:
# primary sources and outlets it classes reputable only.
TREATY = {
    "title": "The North Atlantic Treaty, 1949 (NATO archives)",
    "url": "https://www.nato.int/archives/1st5years/annexes/a.htm",
}
NATO_5_INVOKED = {
    "title": "NATO: Article 5 invoked, ten years on (2011)",
    "url": "https://www.nato.int/cps/en/natohq/news_77926.htm?selectedLocale=en",
    "published_on": "2011-09-12",
}
NATO_5 = {"title": "NATO: Article 5", "url": "https://www.nato.int/terrorism/five.htm"}
NATO_4 = {
    "title": "NATO: The consultation process and Article 4",
    "url": "https://www.nato.int/cps/en/natohq/topics_49187.htm",
    "published_on": "2023-07-18",
}
KYIV_INDEPENDENT = {
    "title": "Kyiv Independent: Is NATO already at war with Russia? It depends who you ask",
    "url": "https://kyivindependent.com/is-nato-already-at-war-with-russia-it-depends-who-you-ask",
}
POLAND_ARTICLE_4 = {
    "title": "Polskie Radio: Poland invokes NATO Article 4 over Russian drone incursion",
    "url": "https://www.polskieradio.pl/395/9766/artykul/3577450,poland-invokes-nato-article-4-over-russian-drone-incursion-pm",
}
POLAND_DRONES = {
    "title": "The Independent: Poland shoots down Russian drones (10 September 2025)",
    "url": "https://www.the-independent.com/news/world/europe/poland-russia-drones-ukraine-war-putin-nato-latest-news-b2823643.html",
    "published_on": "2025-09-10",
}
ESTONIA_JETS = {
    "title": "ERR News: Three Russian fighter jets violate Estonian airspace (19 September 2025)",
    "url": "https://news.err.ee/1609806336/three-russian-fighter-jets-violate-estonian-airspace-linger-for-12-minutes",
    "published_on": "2025-09-19",
}
GERMANY_CYBER = {
    "title": "Deutsche Welle: Germany summons Russian envoy over cyberattack (3 May 2024)",
    "url": "https://www.dw.com/en/germany-summons-russian-envoy-over-cyberattack/a-68985000",
    "published_on": "2024-05-03",
}
POLAND_ARSON = {
    "title": "ERR: Tusk blames Russia for the Marywilska fire (in Estonian, May 2025)",
    "url": "https://www.err.ee/1609690838/tusk-suudistas-venemaad-varssavi-suurima-kaubanduskeskuse-suutamises",
}
UK_PARCELS = {
    "title": "Politico Europe: Russia suspected after a parcel set fire to a UK warehouse "
    "(17 October 2024)",
    "url": "https://www.politico.eu/article/russia-suspected-planting-device-on-plane-uk-warehouse-fire-minworth/",
    "published_on": "2024-10-17",
}

# Where readers can check the launch verdict: sources its indicators already cite (no
# address here is new), one for each part of the answer: Article 5 invoked only once, and
# not over Russia; nobody has declared war (and what the Kremlin says instead); the
# incursions of September 2025 answered by Article 4 talks, not war. Three, kept short:
# the home page has a weight budget and these sit beside the answer.
VERDICT_SOURCES = [NATO_5_INVOKED, KYIV_INDEPENDENT, NATO_4]

INDICATORS = [
    {
        "key": "article-5",
        "name": "Article 5 invoked",
        "kind": IndicatorKind.TRIGGER,
        "state": IndicatorState.NOT_MET,
        "state_label": "No",
        "note": (
            "Article 5 has been invoked only once: on 12 September 2001, after the attacks on "
            "the United States. It has not been invoked in relation to Russia."
        ),
        "sources": [NATO_5_INVOKED, NATO_5],
    },
    {
        "key": "declaration-of-war",
        "name": "Formal declaration of war by a NATO member",
        "kind": IndicatorKind.TRIGGER,
        "state": IndicatorState.NOT_MET,
        "state_label": "No",
        "note": (
            "No declaration of war by a NATO member on Russia, or by Russia on NATO or a member, "
            "has been reported. The Kremlin's spokesman said in September 2025 that NATO is at "
            "war with Russia because it supports Ukraine: a claim, not a declaration."
        ),
        "sources": [KYIV_INDEPENDENT],
    },
    {
        "key": "article-4",
        "name": "Article 4 consultations",
        "kind": IndicatorKind.SIGNAL,
        "state": IndicatorState.WATCH,
        "state_label": "Requested twice in September 2025",
        "note": (
            "Poland requested Article 4 consultations on 10 September 2025 after Russian drones "
            "entered its airspace; Estonia made the second request after three Russian MiG-31 "
            "fighter jets entered its airspace on 19 September (its request as reported by "
            "Reuters). Consultations are talks among allies, not a step to war."
        ),
        "sources": [POLAND_ARTICLE_4, ESTONIA_JETS, KYIV_INDEPENDENT, NATO_4],
    },
    {
        "key": "airspace-violations",
        "name": "NATO airspace violations",
        "kind": IndicatorKind.SIGNAL,
        "state": IndicatorState.WATCH,
        "state_label": "Yes, in September 2025",
        "incident_query": "category=airspace_aircraft&category=drone_incursion&nato=1",
        "note": (
            "On the night of 9-10 September 2025 Russian drones crossed into Poland (19 "
            "violations, its prime minister told parliament) and some were shot down; on 19 "
            "September three Russian MiG-31 jets stayed in Estonian airspace for nearly 12 "
            "minutes. Allies intercepted them; Article 5 was not invoked."
        ),
        "sources": [POLAND_ARTICLE_4, POLAND_DRONES, ESTONIA_JETS, KYIV_INDEPENDENT],
    },
    {
        "key": "sabotage-and-cyber",
        "name": "Sabotage and cyber attacks attributed to Russia",
        "kind": IndicatorKind.SIGNAL,
        "state": IndicatorState.WATCH,
        "state_label": "Attributed cases, 2024-2025",
        "incident_query": "category=sabotage&category=undersea&category=cyber&nato=1",
        "note": (
            "Germany attributed a cyberattack on its Social Democrats to Russian military "
            "intelligence (May 2024); Poland's prime minister blamed Russian services for the "
            "fire that destroyed a Warsaw shopping centre (May 2025); British police "
            "investigated whether Russia was behind parcels that caught fire (2024). This "
            "pressure stays below the threshold of war."
        ),
        "sources": [GERMANY_CYBER, POLAND_ARSON, UK_PARCELS],
    },
]


# The launch indicators carry their own dates, not the install time (as the launch
# explainers do): each is accurate as of its newest source, and no earlier than the end of
# September 2025, the month the launch content describes. An editor's save moves it on.
LAUNCH_MONTH_END = date(2025, 9, 30)


def accurate_as_of(sources: list[dict]) -> date:
    cited = [date.fromisoformat(s["published_on"]) for s in sources if s.get("published_on")]
    return max([LAUNCH_MONTH_END, *cited])


def written_at(sources: list[dict]) -> datetime:
    return datetime.combine(accurate_as_of(sources), time(12), tzinfo=UTC)


def load() -> list[str]:
    created: list[str] = []
    if not Verdict.objects.exists():
        services.change_verdict(
            user=None, reason="", checked=False, sources=VERDICT_SOURCES, **VERDICT
        )
        created.append("the launch verdict")
    for order, data in enumerate(INDICATORS):
        fields = {k: v for k, v in data.items() if k != "sources"}
        indicator, made = Indicator.objects.get_or_create(
            key=data["key"],
            defaults={
                **fields,
                "order": order,
                "updated_at": written_at(data["sources"]),
                "accurate_as_of": accurate_as_of(data["sources"]),
            },
        )
        if made:
            # Under the rule every editor's save obeys: sourced from a primary source or a
            # reputable outlet, never from one marked as disinformation.
            claim = f"The indicator “{indicator.name}”"
            sources = services_sources.clean_sources(data["sources"], claim=claim)
            services_sources.refuse_unsourced(sources, claim=claim)
            services_sources.set_sources(claim=indicator, sources=sources)
            audit.record_created(actor=None, obj=indicator, how=audit.LAUNCH_CONTENT)
            created.append(f"indicator {data['key']}")
    return created

"""Launch explainers and FAQ, in our own words (short attributed quotes only).

Every claim rests on docs/research/launch-record-2025.md: each section and answer links
at least one source it found verbatim, from a primary source or an outlet it classes
reputable. What only other outlets report is named ("as reported by Reuters") but not
linked and never carries an answer; what nothing supports was cut.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from explainers import services
from explainers.models import Explainer, ExplainerState, Question

# The research's sources (its numbers in brackets) and the date each was published, where
# the source shows it: an "accurate as of" date is never earlier than its newest source.
TREATY = "https://www.nato.int/archives/1st5years/annexes/a.htm"  # [3] 1949
ARTICLE_4 = "https://www.nato.int/cps/en/natohq/topics_49187.htm"  # [1] 2023-07-18
ARTICLE_5 = "https://www.nato.int/terrorism/five.htm"  # [2] undated
INVOKED_2011 = "https://www.nato.int/cps/en/natohq/news_77926.htm?selectedLocale=en"  # [5]
INVOKED_2001 = "https://www.nato.int/docu/pr/2001/p01-159e.htm"  # [4] 2001-12-06
POLAND_ARTICLE_4 = "https://www.polskieradio.pl/395/9766/artykul/3577450,poland-invokes-nato-article-4-over-russian-drone-incursion-pm"  # [10] undated
ESTONIA_JETS = "https://news.err.ee/1609806336/three-russian-fighter-jets-violate-estonian-airspace-linger-for-12-minutes"  # [15]
KYIV_INDEPENDENT = "https://kyivindependent.com/is-nato-already-at-war-with-russia-it-depends-who-you-ask"  # [13] undated
DENMARK_DRONES = "https://www.deutschlandfunk.de/erneut-drohnen-ueber-mehreren-flughaefen-registriert-104.html"  # [18]
GERMANY_CYBER = (
    "https://www.dw.com/en/germany-summons-russian-envoy-over-cyberattack/a-68985000"  # [19]
)
POLAND_ARSON = "https://www.err.ee/1609690838/tusk-suudistas-venemaad-varssavi-suurima-kaubanduskeskuse-suutamises"  # [17] undated
UK_PARCELS = "https://www.politico.eu/article/russia-suspected-planting-device-on-plane-uk-warehouse-fire-minworth/"  # [20]
GPS_FINLAND = "https://www.politico.eu/article/gps-jamming-is-a-side-effect-of-russian-military-activity-finnish-transport-agency-says/"  # [21] May 2024

PUBLISHED = {
    TREATY: date(1949, 4, 4),
    ARTICLE_4: date(2023, 7, 18),
    INVOKED_2011: date(2011, 9, 12),
    INVOKED_2001: date(2001, 12, 6),
    ESTONIA_JETS: date(2025, 9, 19),
    DENMARK_DRONES: date(2025, 9, 25),
    GERMANY_CYBER: date(2024, 5, 3),
    UK_PARCELS: date(2024, 10, 17),
    GPS_FINLAND: date(2024, 5, 31),  # only the month is shown: its last day
}

# What readers see as each source's link (its publisher first).
TITLES = {
    TREATY: "The North Atlantic Treaty, 1949 (NATO archives)",
    ARTICLE_4: "NATO: The consultation process and Article 4",
    ARTICLE_5: "NATO: Article 5",
    INVOKED_2011: "NATO: statement on the 10th anniversary of the invocation of Article 5 (2011)",
    INVOKED_2001: "NATO: statement of the North Atlantic Council on its response to terrorism "
    "(6 December 2001)",
    POLAND_ARTICLE_4: "Polskie Radio: Poland invokes NATO Article 4 over Russian drone incursion",
    ESTONIA_JETS: "ERR News: Three Russian fighter jets violate Estonian airspace",
    KYIV_INDEPENDENT: "Kyiv Independent: Is NATO already at war with Russia? It depends who "
    "you ask",
    DENMARK_DRONES: "Deutschlandfunk: Drones sighted again over several airports (in German)",
    GERMANY_CYBER: "Deutsche Welle: Germany summons Russian envoy over cyberattack",
    POLAND_ARSON: "ERR: Tusk blames Russia for the Marywilska fire (in Estonian)",
    UK_PARCELS: "Politico Europe: Russia suspected after a parcel set fire to a UK warehouse",
    GPS_FINLAND: "Politico Europe: GPS jamming is a side effect of Russian military activity, "
    "Finnish transport agency says",
}


def sources_of(text: str) -> list[dict]:
    """The research's sources a text links, in the order it first links them: the
    launch text carries its sources as records, not only as links in its words."""
    cited = sorted((text.index(url), url) for url in TITLES if url in text)
    return [
        {"url": url, "title": TITLES[url], "published_on": PUBLISHED.get(url)} for _, url in cited
    ]


EXPLAINERS = [
    {
        "slug": "article-5",
        "title": "Article 5 explained",
        "summary": "NATO's collective defence clause: what it says, the one time it was "
        "invoked, and why it is a political decision rather than an automatic war.",
        "body": f"""## What Article 5 says

Article 5 of the North Atlantic Treaty says that an armed attack against one ally in Europe
or North America is to be considered an attack against them all. Each ally then takes the
action it deems necessary, which *may* include armed force, to restore and maintain security.

Sources: [The North Atlantic Treaty (NATO archives)]({TREATY}); [NATO: Article 5]({ARTICLE_5}).

## Invoked once

Article 5 has been invoked only once, after the attacks on the United States on
11 September 2001: allies invoked it the next day, 12 September. It has never been invoked
in relation to Russia.

Sources: [NATO, statement on the 10th anniversary of the invocation (2011)]({INVOKED_2011});
[NATO, ministers' statement of 6 December 2001]({INVOKED_2001}).

## A political decision, not a tripwire

Nothing happens automatically. In 2001 allies made the invocation conditional on the attack
having been directed from abroad: they established the facts first. NATO takes its decisions
by consensus, in the North Atlantic Council, and the treaty leaves each ally to take "such
action as it deems necessary".

Sources: [NATO, 2011]({INVOKED_2011}); [NATO: The consultation process and Article 4]({ARTICLE_4});
[The North Atlantic Treaty]({TREATY}).

## Where it applies

Article 5 covers an armed attack on allies in Europe or North America; Article 6 of the
[treaty]({TREATY}) spells out the territory, forces, ships and aircraft it includes.
It does not cover Ukraine, which is not a party to the treaty.

## Further reading

- [The North Atlantic Treaty (NATO archives)]({TREATY})
- [NATO: Article 5]({ARTICLE_5})
""",
    },
    {
        "slug": "article-4-and-article-5",
        "title": "Article 4 and Article 5: consultation is not war",
        "summary": "Article 4 lets any ally call for consultations when it feels threatened. "
        "It was requested twice in September 2025; that is talking, not fighting.",
        "body": f"""## Article 4: talks

Under Article 4, allies consult whenever any of them believes its territorial integrity,
political independence or security is threatened. Any ally can ask; the meeting is a
discussion among allies and commits nobody to anything.

Sources: [The North Atlantic Treaty]({TREATY}); [NATO: The consultation process and
Article 4]({ARTICLE_4}).

## September 2025

Poland requested Article 4 consultations on 10 September 2025, after Russian drones crossed
into its airspace on the night of 9-10 September. Estonia made the second request that
month, after three Russian MiG-31 fighter jets entered its airspace on 19 September (its
request as reported by Reuters). Allies consulted; they did not invoke Article 5.

Sources: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 19 September 2025]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).

## Article 5: collective defence

Article 5 is the mutual defence clause: an armed attack on one ally is treated as an attack
on all. See [Article 5 explained](/explainers/article-5/).

| Compared | Article 4 | Article 5 |
|---|---|---|
| Trigger | An ally feels threatened | An armed attack on an ally |
| What happens | Consultations | Each ally takes the action it deems necessary |
| Used | Seven times by July 2023, NATO says; twice more in September 2025 | Once, in September 2001 |

Sources: [NATO: The consultation process and Article 4]({ARTICLE_4}) (seven times);
[NATO, 2011]({INVOKED_2011}) (Article 5 invoked once).
""",
    },
    {
        "slug": "if-russia-struck-a-nato-ally",
        "title": "If Russia struck a NATO ally: what would happen",
        "summary": "Establishing the facts, consultation and a decision by consensus: the steps "
        "between an attack and a collective response.",
        "body": f"""## First: find out what happened

Allies would establish the facts: what was hit, by whom, and whether it was deliberate.
The one invocation of Article 5 shows the order: in 2001 allies made it conditional on the
attack having been directed from abroad. Attribution can take time: after drones closed
Danish airports in September 2025, Denmark's defence minister spoke of a professional
actor but said there was no evidence yet of a link to Russia.

Sources: [NATO, 2011]({INVOKED_2011}); [Deutschlandfunk, 25 September 2025, in
German]({DENMARK_DRONES}).

## Then: consult

The ally concerned could request Article 4 consultations, and allies would meet in the
North Atlantic Council.

Sources: [The North Atlantic Treaty]({TREATY}); [NATO: The consultation process and
Article 4]({ARTICLE_4}).

## Then: decide

If allies agree that an armed attack has taken place, Article 5 applies. NATO decides by
consensus, and each ally then takes the action it deems necessary, which may include the
use of armed force.

Sources: [The North Atlantic Treaty]({TREATY}); [NATO: The consultation process and
Article 4]({ARTICLE_4}).

## What would change this site's answer

A formal invocation of Article 5 in relation to Russia, or a declaration of war by a NATO
member. If either happens, the [home page](/) changes and we explain why. NATO's account of
its one invocation shows what such a decision looks like: [NATO, 2011]({INVOKED_2011}).
""",
    },
    {
        "slug": "security-guarantees-for-ukraine",
        "title": "Article 5-type security guarantees for Ukraine",
        "summary": "NATO's secretary general has spoken of protections for Ukraine modelled on "
        "Article 5, short of NATO membership. What that would and would not mean.",
        "body": f"""## What is being discussed

On 18 August 2025 NATO's secretary general, Mark Rutte, said on Fox News that NATO
membership for Ukraine was not under discussion but that "Article 5 type" security
guarantees were, and that there had been no discussion of troops on the ground (as reported
by Reuters, 19 August 2025). Article 5 is the treaty's collective defence clause.

Sources: Reuters, 19 August 2025 (named, not linked: we found the report only on another
site); [The North Atlantic Treaty]({TREATY}).

## What it would not be

Guarantees given by some countries to Ukraine would not be Article 5 itself: Ukraine is not
a party to the North Atlantic Treaty, and Articles 5 and 6 cover the allies' territory in
Europe and North America. Guarantees of this kind would not by themselves put NATO at war
with Russia.

Sources: [The North Atlantic Treaty]({TREATY}); [NATO: Article 5]({ARTICLE_5}).
""",
    },
    {
        "slug": "hybrid-threats",
        "title": "Hybrid threats: drones, sabotage and cyber attacks",
        "summary": "Why attacks below the threshold of war are serious, and why they are not "
        "automatically war between NATO and Russia.",
        "body": f"""## What counts as hybrid

Actions short of open attack, some attributed to Russia by the governments concerned and
some only suspected:

- Germany attributed a cyberattack on its Social Democrats to Russian military intelligence
  in May 2024 ([Deutsche Welle]({GERMANY_CYBER})).
- Poland's prime minister blamed Russian services in May 2025 for the fire that destroyed
  Warsaw's largest shopping centre ([ERR, in Estonian]({POLAND_ARSON})).
- British counter-terrorism police investigated whether Russian agents were behind a parcel
  that caught fire at a DHL warehouse: suspected, not attributed
  ([Politico Europe, October 2024]({UK_PARCELS})).
- Finland's transport agency called GPS interference in the region most likely a side effect
  of Russian military activity ([Politico Europe, May 2024]({GPS_FINLAND})).
- Drones closed Danish airports in September 2025; Denmark named no culprit
  ([Deutschlandfunk, in German]({DENMARK_DRONES})).

## Why some leaders call it conflict

> "We are already in conflict with Russia."
>
> — German Chancellor Friedrich Merz, 29 August 2025, as reported by the
> [Kyiv Independent]({KYIV_INDEPENDENT}) ("Is NATO already at war with Russia? It depends
> who you ask", September 2025)

Leaders use such words to describe the pressure, not to announce a war in the legal sense.

## Why it is not automatically war

None of these cases led allies to invoke Article 5, which has been invoked once, in 2001.
Attribution is often slow or partial, as the cases above show, and Article 5 turns on allies
agreeing together that an armed attack has taken place.

Sources: [NATO, 2011]({INVOKED_2011}); [NATO: The consultation process and
Article 4]({ARTICLE_4}).
""",
    },
]

# Answers about the site itself (how often it is checked, where links come from) live on
# /about/, which says who stands behind the site: a FAQ answer is a claim about the world,
# published only with a source readers can open.
FAQ = [
    (
        "The answer",
        "is-nato-at-war-with-russia",
        "Is NATO at war with Russia?",
        "No. No declaration of war by a NATO member on Russia has been reported, and Article 5 "
        "has been invoked only once, in 2001, not in relation to Russia "
        f"([NATO, 2011]({INVOKED_2011})). The [home page](/) gives the current answer and when "
        "it was last checked.",
    ),
    (
        "The answer",
        "does-russia-say-it-is-at-war-with-nato",
        "Does Russia say it is at war with NATO?",
        "The Kremlin's spokesman, Dmitry Peskov, said on 15 September 2025 that NATO is at war "
        "with Russia because it supports Ukraine "
        f"([Kyiv Independent]({KYIV_INDEPENDENT})). That is a claim, not a declaration: no "
        "declaration of war by Russia on NATO or on any member has been reported.",
    ),
    (
        "The answer",
        "what-would-change-the-answer",
        "What would change this page's answer?",
        "A formal invocation of Article 5 in relation to Russia, or an official declaration of "
        "war by a NATO member. Article 5 is the collective defence clause of the "
        f"[North Atlantic Treaty]({TREATY}). The indicators on the home page show where each "
        "stands.",
    ),
    (
        "The treaty",
        "has-article-5-ever-been-invoked",
        "Has Article 5 ever been invoked?",
        "Once: on 12 September 2001, after the attacks on the United States "
        f"([NATO, 2011]({INVOKED_2011})). See [Article 5 explained](/explainers/article-5/).",
    ),
    (
        "The treaty",
        "what-is-article-4",
        "What is Article 4?",
        "The treaty's consultation clause: any ally that feels threatened can ask the others to "
        f"talk ([NATO]({ARTICLE_4})). It was requested twice in September 2025: by Poland on "
        "10 September, after Russian drones entered its airspace "
        f"([Polskie Radio]({POLAND_ARTICLE_4})), and by Estonia after three Russian MiG-31 "
        f"fighter jets entered its airspace on 19 September ([ERR News]({ESTONIA_JETS}); "
        "Estonia's request as reported by Reuters). See "
        "[Article 4 and Article 5](/explainers/article-4-and-article-5/).",
    ),
    (
        "The treaty",
        "would-nato-send-troops-to-ukraine",
        "Would NATO send troops to Ukraine?",
        "We know of no NATO decision to. In August 2025 NATO's secretary general, Mark Rutte, "
        "said there had been no discussion of troops on the ground (as reported by Reuters, "
        "19 August 2025). Ukraine is not a party to the "
        f"[North Atlantic Treaty]({TREATY}), so Article 5 does not cover it.",
    ),
]

# The launch text carries its own dates, not the install time. Each text is accurate as
# of the newest source it cites (never earlier), and no earlier than the end of September
# 2025, the month the launch content describes. An editor who checks it again sets a new
# date.
LAUNCH_MONTH_END = date(2025, 9, 30)


def accurate_as_of(text: str) -> date:
    cited = [published for url, published in PUBLISHED.items() if url in text]
    return max([LAUNCH_MONTH_END, *cited])


def written_at(text: str) -> datetime:
    return datetime.combine(accurate_as_of(text), time(12), tzinfo=UTC)


def load() -> list[str]:
    created: list[str] = []
    for order, data in enumerate(EXPLAINERS):
        if Explainer.objects.filter(slug=data["slug"]).exists():
            continue
        services.save_explainer(
            user=None,
            state=ExplainerState.PUBLISHED,
            publish_at=written_at(data["body"]),
            edited_at=written_at(data["body"]),
            accurate_as_of=accurate_as_of(data["body"]),
            order=order,
            public=False,
            sources=sources_of(data["body"]),
            **data,
        )
        created.append(f"explainer {data['slug']}")
    groups = {name: n for n, name in enumerate(dict.fromkeys(g for g, *_ in FAQ))}
    for order, (group, slug, question, answer) in enumerate(FAQ):
        if Question.objects.filter(slug=slug).exists():
            continue
        services.save_question(
            user=None,
            group=group,
            group_order=groups[group],
            slug=slug,
            question=question,
            answer=answer,
            order=order,
            published=True,
            edited_at=written_at(answer),
            accurate_as_of=accurate_as_of(answer),
            sources=sources_of(answer),
        )
        created.append(f"question {slug}")
    return created

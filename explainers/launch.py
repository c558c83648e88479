"""Launch explainers and FAQ, in our own words from the seeds (short attributed quotes only)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from explainers import services
from explainers.models import Explainer, ExplainerState, Question

NATO_ARTICLE_5 = "https://www.nato.int/cps/en/natohq/topics_110496.htm"
NATO_TREATY = "https://www.nato.int/cps/en/natolive/official_texts_17120.htm"

EXPLAINERS = [
    {
        "slug": "article-5",
        "title": "Article 5 explained",
        "summary": "NATO's collective defence clause: what it says, the one time it was "
        "invoked, and why it is a political decision rather than an automatic war.",
        "body": f"""## What Article 5 says

Article 5 of the North Atlantic Treaty says that an armed attack against one ally in Europe
or North America is to be considered an attack against them all. Each ally then takes the
action it judges necessary, which *may* include armed force, to restore and maintain security.

## Invoked once

Article 5 has been invoked only once: after the attacks on the United States on
11 September 2001. It has never been invoked in relation to Russia.

## A political decision, not a tripwire

Nothing happens automatically. Allies first establish what happened and who was responsible,
then decide together, by consensus in the North Atlantic Council, whether an armed attack has
occurred and how to respond. The response can be diplomatic, economic or military, and each
ally decides what it contributes.

## Where it applies

Article 5 covers an armed attack on allies in Europe or North America; Article 6 of the
[treaty]({NATO_TREATY}) spells out the territory, forces, ships and aircraft it includes.
It does not cover Ukraine, which is not a member.

## Further reading

- [NATO: Collective defence and Article 5]({NATO_ARTICLE_5})
- [The North Atlantic Treaty]({NATO_TREATY})
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

## September 2025

After more than 20 Russian drones entered Polish airspace, and after further airspace
violations, allies requested Article 4 consultations twice in September 2025. NATO
strengthened air defences on its eastern flank. It did not invoke Article 5.

## Article 5: collective defence

Article 5 is the mutual defence clause: an armed attack on one ally is treated as an attack
on all. See [Article 5 explained](/explainers/article-5/).

| Compared | Article 4 | Article 5 |
|---|---|---|
| Trigger | An ally feels threatened | An armed attack on an ally |
| What happens | Consultations | Each ally takes the action it deems necessary |
| Used | Several times, twice in September 2025 | Once, after 11 September 2001 |

[NATO: Collective defence and Article 5]({NATO_ARTICLE_5})
""",
    },
    {
        "slug": "if-russia-struck-a-nato-ally",
        "title": "If Russia struck a NATO ally: what would happen",
        "summary": "Consultation, attribution, a choice of responses and the risk of "
        "escalation: the steps between an attack and a collective response.",
        "body": """## First: find out what happened

Allies would establish the facts: what was hit, by whom, and whether it was deliberate.
Attribution matters. A stray drone, a cyber attack or sabotage through intermediaries is
harder to pin on a state than a missile strike.

## Then: consult

The ally concerned could request Article 4 consultations, and allies would meet in the
North Atlantic Council.

## Then: decide

If allies agree that an armed attack has taken place, they can invoke Article 5. Each ally
then decides what it contributes; responses range from diplomatic and economic measures to
reinforcing air defences and, at the far end, the use of force.

## The risk of escalation

Every step is weighed against the risk of a wider war between nuclear-armed powers. That is
one reason allies have so far answered drone incursions and sabotage with interceptions,
reinforcements and sanctions rather than with Article 5.

## What would change this site's answer

A formal invocation of Article 5 in relation to Russia, or a declaration of war by a NATO
member. If either happens, the [home page](/) changes and we explain why.
""",
    },
    {
        "slug": "security-guarantees-for-ukraine",
        "title": "Article 5-type security guarantees for Ukraine",
        "summary": "Allies have discussed protections for Ukraine modelled on Article 5, "
        "short of NATO membership. What that would and would not mean.",
        "body": f"""## What is being discussed

In August 2025 NATO's secretary general, Mark Rutte, said Ukraine was not being considered
for membership for now, but that allies were discussing security protections for Ukraine
modelled on Article 5. Later talks covered voluntary participation, monitoring mechanisms
and a possible European-led deterrence force with US support after a ceasefire.

## What it would not be

Guarantees given by some countries to Ukraine would not be Article 5 itself: Ukraine is not
a NATO member, and NATO's collective defence clause covers allied territory only.

## Why it matters for this page

Guarantees of this kind would change the risks around a future ceasefire, but they do not
put NATO at war with Russia.

## Sources

- Mark Rutte on Fox News' *The Ingraham Angle*, 18 August 2025, as reported by Global
  Leaders Insights ("NATO Considers Article 5-Type Security Guarantees for Ukraine",
  19 August 2025).
- [NATO: Collective defence and Article 5]({NATO_ARTICLE_5}): what Article 5 covers.
- [The North Atlantic Treaty]({NATO_TREATY}): Articles 5 and 6.
""",
    },
    {
        "slug": "hybrid-threats",
        "title": "Hybrid threats: drones, sabotage, cyber and disinformation",
        "summary": "Why attacks below the threshold of war are serious, and why they are not "
        "automatically war between NATO and Russia.",
        "body": """## What counts as hybrid

Western officials attribute to Russia a long list of actions across Europe: drones over
airports and military sites, sabotage and arson, cyber attacks, interference in elections,
disinformation campaigns and even parcels rigged to catch fire on cargo planes.

## Why some leaders call it conflict

> "We are already in conflict with Russia."
>
> — German Chancellor Friedrich Merz, 29 August 2025, as reported by the Kyiv Independent
> ("Is NATO already at war with Russia? It depends who you ask", September 2025)

Leaders use such words to describe the pressure, not to announce a war in the legal sense.

## Why it is not automatically war

Hybrid attacks are designed to stay below the threshold that would trigger Article 5: they
are deniable, hard to attribute and limited in scale. Allies respond with interceptions,
investigations, expulsions, sanctions and stronger defences. Article 5 could in principle
cover a serious cyber or hybrid attack, but allies would have to decide that together.
""",
    },
]

FAQ = [
    (
        "The answer",
        "is-nato-at-war-with-russia",
        "Is NATO at war with Russia?",
        "No. No NATO member has declared war on Russia and Article 5 has not been invoked in "
        "relation to Russia. The [home page](/) gives the current answer and when it was last "
        "checked.",
    ),
    (
        "The answer",
        "does-russia-say-it-is-at-war-with-nato",
        "Does Russia say it is at war with NATO?",
        "Russian officials often say the West is waging a proxy or hybrid war against Russia, "
        "but Russia has not declared war on NATO or on any member.",
    ),
    (
        "The answer",
        "what-would-change-the-answer",
        "What would change this page's answer?",
        "A formal invocation of Article 5 in relation to Russia, or an official declaration of "
        "war by a NATO member. The indicators on the home page show where each stands.",
    ),
    (
        "The treaty",
        "has-article-5-ever-been-invoked",
        "Has Article 5 ever been invoked?",
        "Once: after the attacks on the United States on 11 September 2001. See "
        "[Article 5 explained](/explainers/article-5/).",
    ),
    (
        "The treaty",
        "what-is-article-4",
        "What is Article 4?",
        "The treaty's consultation clause: any ally that feels threatened can ask the others to "
        "talk. It was requested twice in September 2025 after drone incursions into Poland. "
        "See [Article 4 and Article 5](/explainers/article-4-and-article-5/).",
    ),
    (
        "The treaty",
        "would-nato-send-troops-to-ukraine",
        "Would NATO send troops to Ukraine?",
        "NATO has said it has no plans to. Ukraine is not a member, so Article 5 does not cover "
        "it; some allies have discussed their own guarantees for after a ceasefire.",
    ),
    (
        "This site",
        "how-often-is-it-checked",
        "How often is this page checked?",
        "An editor checks the sources at least daily and records each check: the time is shown "
        "beside the answer. If a check is overdue the page says so in words.",
    ),
    (
        "This site",
        "where-do-the-links-come-from",
        "Where do the links come from?",
        "Moderators pick reporting from reputable outlets, some suggested by news feeds, and add "
        "a line of our own context. Every publication is recorded on the "
        "[changelog](/changelog/).",
    ),
]


# The launch text carries its own dates, not the install time: it was written from
# reporting of August and September 2025 (the newest of it dated 23 September) and was
# accurate as of the end of that month. An editor who checks it again sets a new date.
WRITTEN_AT = datetime(2025, 9, 30, 12, 0, tzinfo=UTC)
ACCURATE_AS_OF = date(2025, 9, 30)


def load() -> list[str]:
    created: list[str] = []
    for order, data in enumerate(EXPLAINERS):
        if Explainer.objects.filter(slug=data["slug"]).exists():
            continue
        services.save_explainer(
            user=None,
            state=ExplainerState.PUBLISHED,
            publish_at=WRITTEN_AT,
            edited_at=WRITTEN_AT,
            accurate_as_of=ACCURATE_AS_OF,
            order=order,
            public=False,
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
            edited_at=WRITTEN_AT,
            accurate_as_of=ACCURATE_AS_OF,
        )
        created.append(f"question {slug}")
    return created

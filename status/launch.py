"""The launch verdict and indicators, written in our own words from the seeds."""

from __future__ import annotations

from django.utils import timezone

from audit import services as audit
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

NATO_5 = {
    "title": "NATO: Collective defence and Article 5",
    "url": "https://www.nato.int/cps/en/natohq/topics_110496.htm",
}
NATO_4 = {
    "title": "NATO: The consultation process and Article 4",
    "url": "https://www.nato.int/cps/en/natohq/topics_49187.htm",
}
NATO_RUSSIA = {
    "title": "NATO: Relations with Russia",
    "url": "https://www.nato.int/cps/en/natohq/topics_50090.htm",
}
# The seed article came without its address: named and dated, shown as text.
KYIV_INDEPENDENT = {
    "title": "Kyiv Independent, “Is NATO already at war with Russia? It depends who you ask”",
    "date": "September 2025",
}

INDICATORS = [
    {
        "key": "article-5",
        "name": "Article 5 invoked",
        "kind": IndicatorKind.TRIGGER,
        "state": IndicatorState.NOT_MET,
        "state_label": "No",
        "note": (
            "Article 5 has been invoked only once, after the attacks on the United States on "
            "11 September 2001. It has not been invoked in relation to Russia."
        ),
        "sources": [NATO_5],
    },
    {
        "key": "declaration-of-war",
        "name": "Formal declaration of war by a NATO member",
        "kind": IndicatorKind.TRIGGER,
        "state": IndicatorState.NOT_MET,
        "state_label": "No",
        "note": "No NATO member has declared war on Russia, and Russia has declared none on NATO.",
        "sources": [NATO_RUSSIA],
    },
    {
        "key": "article-4",
        "name": "Article 4 consultations",
        "kind": IndicatorKind.SIGNAL,
        "state": IndicatorState.WATCH,
        "state_label": "Requested twice in September 2025",
        "note": (
            "Allies asked for Article 4 consultations twice in September 2025, after Russian "
            "drones entered Polish airspace and other airspace violations. Consultations are "
            "talks among allies, not a step to war."
        ),
        "sources": [NATO_4, KYIV_INDEPENDENT],
    },
    {
        "key": "airspace-violations",
        "name": "NATO airspace violations",
        "kind": IndicatorKind.SIGNAL,
        "state": IndicatorState.WATCH,
        "state_label": "Yes, ongoing",
        "incident_query": "category=airspace_aircraft&category=drone_incursion&nato=1",
        "note": (
            "Russian drones and aircraft have repeatedly entered allied airspace, including "
            "more than 20 drones over Poland in September 2025. Allies have intercepted them "
            "without treating them as an armed attack under Article 5."
        ),
        "sources": [KYIV_INDEPENDENT],
    },
    {
        "key": "sabotage-and-cyber",
        "name": "Sabotage and cyber attacks attributed to Russia",
        "kind": IndicatorKind.SIGNAL,
        "state": IndicatorState.WATCH,
        "state_label": "Ongoing",
        "incident_query": "category=sabotage&category=undersea&category=cyber&nato=1",
        "note": (
            "Western officials attribute sabotage, arson, cyber attacks and disinformation "
            "across Europe to Russia. This hybrid pressure stays below the threshold of war."
        ),
        "sources": [KYIV_INDEPENDENT],
    },
]


def load() -> list[str]:
    created: list[str] = []
    if not Verdict.objects.exists():
        services.change_verdict(user=None, reason="", checked=False, **VERDICT)
        created.append("the launch verdict")
    for order, data in enumerate(INDICATORS):
        indicator, made = Indicator.objects.get_or_create(
            key=data["key"], defaults={**data, "order": order, "updated_at": timezone.now()}
        )
        if made:
            audit.record_created(actor=None, obj=indicator, how=audit.LAUNCH_CONTENT)
            created.append(f"indicator {data['key']}")
    return created

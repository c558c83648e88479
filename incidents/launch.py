"""The launch incidents record, loaded from the research in docs/research/launch-record-2025
(.json holds the data, .md the same as prose with each source's standing).

The publishing rule: an incident goes on the record only with at least one source from a
primary source (NATO, a government, a court, the UN) or a reputable outlet, and each
fact, response and attribution stays only if such a source supports it. Sources the
research classes "other" (copies of wire stories on other sites, aggregators, outlets
it could not vouch for) are cited nowhere, and what rests on them alone is left out.

Left out, because no primary or reputable source was found for them (the research's
`meets_publishing_rule` is false): the Romanian drone incursion of 13 September 2025,
the drones that closed Oslo airport on 22-23 September 2025, the drone over Osiny
(Poland) on 20 August 2025, the railway sabotage in Poland of 15-16 November 2025, the
Estlink 2 cable damage of 25 December 2024 and the drone sightings at Munich airport of
2-3 October 2025.

Left out of the incidents that are recorded, for the same reason (each rests only on
"other" sources in the research):

- Poland, 9-10 September 2025: the aircraft that were scrambled (Polish F-16s, Dutch
  F-35s, Italian AWACS, a NATO tanker; only copies of Reuters and Interfax-Ukraine), so
  the record does not tag "aircraft scrambled"; the summoning of Russia's chargé
  d'affaires; Eastern Sentry; NATO's statements of 10 and 23 September (found only as
  reposts, not on nato.int); Poland's foreign minister's count of 21 drones (16 October).
- Estonia, 19 September 2025: the Article 4 request and the Council's meeting on it (only
  RMF24 and a repost of NATO's statement), so no "Article 4 requested" tag; Russia's
  denial and NATO's statement (only agency copies and a repost).
- Copenhagen, 22 September 2025: every statement about who was behind it (police, the
  prime minister, NATO, the Kremlin's denial: only agency copies and The Moscow Times),
  so it is recorded with no attribution at all, which the record shows as unattributed.
- Jutland, 24-25 September 2025: the decision not to shoot the drones down, the second
  closure of Aalborg, the prime minister's words and Russia's denial.
- Marywilska: Tusk's first suspicion (May 2024). The GPS jamming near Tartu: Estonia's
  and NATO's statements; Finland's transport agency's is dated only to May 2024, and an
  attribution is recorded to the day, so it is left out too. Romania's election: the
  declassified intelligence and Russia's denial.

The research found no Russian denial in a usable source for the Jutland nights,
Marywilska, the DHL parcels or the SPD cyberattack; none is recorded. The SPD attack is
known only to the year (2023), so it is dated to the year.

Every source becomes a published curated link (news services, so the changelog records
it), its outlet on the outlet list (news.launch). A page that shows no publication day is
dated by the events it reports (DATED_BY_CONTENT: on /news/ and, taken from the link, in
the incident's source list), and the link's context on /news/ says so. A page whose
title the stored copy did not show is titled by its address's own words, marked so.

A site launched with the earlier record (one drone incursion into Poland dated to the
month) has that incident corrected in place, with a public correction note; its earlier
sources stay (a published incident's sources are never removed) and the linked ones are
added. Nothing is created twice on a second run.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from incidents import services
from incidents.models import (
    AttributorKind,
    Category,
    Confidence,
    Incident,
    Precision,
    Response,
)
from news import services as news
from news.canonical import canonicalize_url
from news.models import CuratedLink, LinkState

RESEARCH = Path(__file__).resolve().parent.parent / "docs/research/launch-record-2025.json"
USABLE = frozenset({"primary", "reputable"})
REASON = "Added with the launch content, from the launch record research (issue 33)."
CORRECTION = (
    "Corrected against the launch record research: the incursion was on the night of "
    "9-10 September 2025 (the day was given as not known); responses, place, the "
    "attribution history (Poland's own statements and Russia's denial) and linked "
    "sources added."
)

# The response tags each recorded incident has, each backed by a primary or reputable
# source in the research (the rest of what each did is in its account).
TAGS: dict[str, list[str]] = {
    "pl-drones-2025-09-10": [Response.SHOT_DOWN, Response.AIRPORTS_CLOSED, Response.ARTICLE_4],
    "ee-mig31-2025-09-19": [Response.SCRAMBLED],
    "dk-copenhagen-2025-09-22": [Response.AIRPORTS_CLOSED],
    "dk-jutland-2025-09-24": [Response.AIRPORTS_CLOSED],
}

# Titles rewritten where the research's claims more than the sources kept support.
TITLES: dict[str, str] = {
    "ee-gps-tartu-2024-04": "GPS interference turns back two flights to Tartu",
    "ro-election-2024": "Romania's presidential election is annulled",
    # Billund's closure and the hours Copenhagen was shut rest only on agency copies.
    "dk-jutland-2025-09-24": "Drones over Danish airports and military sites in Jutland "
    "close Aalborg airport",
    "dk-copenhagen-2025-09-22": "Drones seen over Copenhagen Airport halt all flights",
}

PLACES: dict[str, str] = {
    "dk-jutland-2025-09-24": "Aalborg airport; also near Esbjerg and Sønderborg airports and "
    "Skrydstrup air base",
}

# Accounts rewritten where the research's own rests in part on "other" sources.
ACCOUNTS: dict[str, str] = {
    "pl-drones-2025-09-10": (
        "During a large Russian air attack on Ukraine on the night of 9-10 September 2025, "
        "drones repeatedly crossed into Polish airspace: Poland's prime minister told "
        "parliament of 19 violations and said at least three drones had been shot down. "
        "One drone wrecked the roof of a house in Wyryki; no one was hurt. Warsaw Chopin, "
        "Warsaw Modlin, Rzeszów and Lublin airports were closed for part of the night.\n\n"
        "Poland requested consultations under Article 4 of the North Atlantic Treaty, and "
        "the UN Security Council met in emergency session at its request on 12 September. "
        "Poland's foreign minister said the violation was deliberate; Russia's Defence "
        "Ministry said no targets in Poland had been planned."
    ),
    "ee-mig31-2025-09-19": (
        "On 19 September 2025 three Russian MiG-31 fighter jets entered Estonian airspace "
        "near Vaindloo island without permission and stayed for nearly 12 minutes, with no "
        "flight plans, transponders off and no radio contact with Estonian air traffic "
        "control. Allied fighters (Italian F-35s from Ämari, Politico reported) were sent "
        "up. Estonia's foreign ministry summoned Russia's chargé d'affaires; its foreign "
        "minister said Russia had violated Estonian airspace four times that year."
    ),
    "dk-copenhagen-2025-09-22": (
        "On the evening of 22 September 2025 two to three large drones were seen around "
        "Copenhagen Airport, which stopped all take-offs and landings while police "
        "investigated. No state has been named as responsible in the sources on the record."
    ),
    "dk-jutland-2025-09-24": (
        "Late on 24 September 2025 drones were seen near Aalborg airport, which is also a "
        "military air base, and it was closed for several hours. Drones were also reported "
        "near Esbjerg and Sønderborg airports and Skrydstrup air base. Denmark's defence "
        "minister called it a systematic threat by a professional actor but said there was "
        "no evidence yet of a link to Russia; no state has been named as responsible."
    ),
    "ee-gps-tartu-2024-04": (
        "Two Finnair flights from Helsinki to Tartu had to turn back because GPS "
        "interference prevented their approach, and Finnair suspended the route from 29 "
        "April to 31 May 2024 while an approach not needing GPS was set up. Finland's "
        "transport agency said the interference was most likely a side effect of Russia "
        "protecting its own territory against drones."
    ),
    "ro-election-2024": (
        "Călin Georgescu, a pro-Russian candidate, won the first round of Romania's "
        "presidential election on 24 November 2024. On 6 December the Constitutional Court "
        "annulled the whole election, two days before the run-off."
    ),
    "pl-marywilska-2024-05-12": (
        "A fire destroyed the Marywilska 44 shopping centre in Warsaw on 12 May 2024. A "
        "year later Prime Minister Tusk said it was now known for sure that it was arson "
        "ordered by Russian special services; some of those responsible had been detained "
        "and the rest identified and sought."
    ),
}

# When a page shows no publication day: the day of what it reports, from the research's
# note on it (shown on /news/, with a sentence saying so).
DATED_BY_CONTENT: dict[str, date] = {
    "S10": date(2025, 9, 10),  # reports Wednesday 10 September 2025
    "S12": date(2025, 9, 11),  # dates Poland's announcement to 11 September 2025
    "S14": date(2025, 8, 5),  # reports a statement of 5 August 2025
    "S16": date(2024, 9, 7),  # reports Saturday 7 September 2024
    "S17": date(2025, 5, 11),  # reports Tusk's post of 11 May 2025
    "S21": date(2024, 5, 1),  # shows only the month, May 2024
    "S22": date(2024, 11, 5),  # the same PA story elsewhere is dated 5 November 2024
    "S25": date(2025, 9, 22),  # reports the evening of Monday 22 September 2025
}

CONFIDENCE = {
    "official": Confidence.OFFICIAL,
    "suspected": Confidence.SUSPECTED,
    "unattributed": Confidence.UNATTRIBUTED,
    "denied": Confidence.DENIED,
}


@cache
def research() -> dict[str, Any]:
    return json.loads(RESEARCH.read_text(encoding="utf-8"))


def sources_by_id() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in research()["sources"]}


def usable(ids: list[str]) -> list[str]:
    """The ids among `ids` of primary or reputable sources, in order."""
    known = sources_by_id()
    return [i for i in ids if known[i]["standing"] in USABLE]


def recorded() -> list[dict[str, Any]]:
    """The research's incidents that meet the publishing rule."""
    return [i for i in research()["incidents"] if i["meets_publishing_rule"]]


def _day(text: str | None) -> date | None:
    """A date the research gives to the day; None for a month ("2024-05") or nothing."""
    if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    return None


def _title_of(source: dict[str, Any]) -> str:
    if source["title"]:
        return source["title"]
    # Not shown in the stored copy: the address's own words, said to be so.
    slug = re.sub(r"\d{5,}", "", source["url"].rstrip("/").rsplit("/", 1)[-1])
    words = re.sub(r"[-_,]+", " ", slug.split("?")[0].removesuffix(".html")).strip()
    return f"{words[:1].upper()}{words[1:]} (title as in the address)"


def _context_of(source: dict[str, Any], incident_title: str) -> str:
    context = f"Cited by the incidents record: {incident_title}."
    if _day(source["published"]) is not None:
        return context
    shown = DATED_BY_CONTENT[source["id"]]
    if source["published"]:  # a month only
        return f"{context} The page shows only the month, {shown:%B %Y}: listed on its first day."
    return (
        f"{context} The page shows no publication day: listed on the day of what it reports, "
        f"{shown.day} {shown:%B %Y}."
    )


def _openable_link(source: dict[str, Any], incident_title: str) -> tuple[CuratedLink, bool]:
    """The source's curated link, published (created if new); and whether it was made."""
    day = _day(source["published"]) or DATED_BY_CONTENT[source["id"]]
    when = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)  # the same day in London
    link = CuratedLink.objects.filter(url=canonicalize_url(source["url"])).first()
    if link is None:
        link = news.create_published_link(
            moderator=None,
            url=source["url"],
            title=_title_of(source),
            outlet=None,  # found from the address
            context=_context_of(source, incident_title),
            source_published_at=when,
        )
        return link, True
    if link.state == LinkState.PENDING:
        link = news.publish_link(
            moderator=None,
            link=link,
            context=link.context or _context_of(source, incident_title),
            source_published_at=link.source_published_at or when,
        )
    return link, False


def _by_kind(by: str) -> str:
    if by.startswith("NATO"):
        return AttributorKind.NATO
    if "police" in by.lower():
        return AttributorKind.INVESTIGATORS
    return AttributorKind.GOVERNMENT


def _source_note(ids: list[str]) -> str:
    known = sources_by_id()
    return "As reported by " + "; ".join(known[i]["publisher"] for i in ids)


def attributions_of(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The attributions of a research incident that stay: dated to the day, with a
    primary or reputable source."""
    kept = []
    for a in item["attributions"]:
        ids, stated_on = usable(a["source_ids"]), _day(a["date"])
        if not ids or stated_on is None:
            continue
        confidence = CONFIDENCE[a["confidence"] or a["kind"]]
        if not a["to"]:
            # Naming nobody (Lithuania's prosecutors named the drone's make, not a sender)
            # is recorded as what it is: unattributed.
            confidence = Confidence.UNATTRIBUTED
        kept.append(
            {
                "by_kind": _by_kind(a["by"]),
                "by_name": a["by"],
                "to_state": "" if confidence == Confidence.UNATTRIBUTED else (a["to"] or ""),
                "to_actor": "",
                "confidence": confidence,
                "stated_on": stated_on,
                "source_note": _source_note(ids),
            }
        )
    return kept


def incident_fields(item: dict[str, Any]) -> dict[str, Any]:
    start, end = date.fromisoformat(item["start"]), item["end"]
    return {
        "title": TITLES.get(item["key"], item["title"]),
        "account": ACCOUNTS.get(item["key"], item["account"]),
        "started_on": start,
        "ended_on": date.fromisoformat(end) if end and end != item["start"] else None,
        "precision": Precision(item["date_precision"]),
        "place": PLACES.get(item["key"], item["place"]),
        "category": Category(item["category"]),
        "responses": TAGS.get(item["key"], []),
    }


def _existing(fields: dict[str, Any], countries: list[str]) -> Incident | None:
    # Matched on what it is, not its title, which editors may correct.
    return (
        Incident.objects.filter(
            category=fields["category"],
            started_on=fields["started_on"],
            countries__code=countries[0],
        )
        .order_by("id")
        .first()
    )


def _earlier_poland_record() -> Incident | None:
    """The record this replaces: the Polish drone incursion dated to September 2025."""
    return Incident.objects.filter(
        category=Category.DRONE_INCURSION,
        started_on__year=2025,
        started_on__month=9,
        precision=Precision.MONTH,
        countries__code="PL",
    ).first()


def _correct_earlier(incident: Incident, fields: dict[str, Any]) -> Incident:
    # Its earlier sources stay: a published incident's sources are part of its record.
    return services.save_incident(user=None, reason=CORRECTION, incident=incident, **fields)


def load() -> list[str]:
    created: list[str] = []
    for item in recorded():
        fields, countries = incident_fields(item), item["countries"]
        if _existing(fields, countries) is not None:
            continue
        earlier = _earlier_poland_record() if item["key"] == "pl-drones-2025-09-10" else None
        if earlier is not None:
            incident = _correct_earlier(earlier, fields)
            created.append(f"correction to {incident.title!r}")
        else:
            incident = services.save_incident(
                user=None, reason=REASON, countries=countries, **fields
            )
            created.append(f"incident {incident.title!r}")
        known = sources_by_id()
        linked = set(incident.sources.values_list("link_id", flat=True))
        for source_id in usable(item["source_ids"]):
            source = known[source_id]
            link, made = _openable_link(source, incident.title)
            if made:
                created.append(f"published link {link.title[:40]!r}")
            if link.pk in linked:
                continue
            services.add_source(
                user=None,
                incident=incident,
                reason=REASON,
                link=link,
                publisher=source["publisher"],
                title=link.title,
                published_on=_day(source["published"]),
            )
        for attribution in attributions_of(item):
            services.add_attribution(user=None, incident=incident, reason=REASON, **attribution)
        if not incident.is_published:
            services.publish_incident(user=None, incident=incident, reason=REASON)
    return created

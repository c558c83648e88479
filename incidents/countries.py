"""The countries an incident can be recorded in, and when each joined NATO.

A small fixed table rather than a library: the record covers Europe (with Turkey
and the South Caucasus), and what matters here, NATO membership on a given day,
is not something a country-code package knows. Codes are ISO 3166-1 alpha-2,
plus XK for Kosovo (the user-assigned code the EU and others use).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    nato_since: date | None  # the day it joined the Alliance; None if it has not

    def nato_member_on(self, day: date) -> bool:
        return self.nato_since is not None and self.nato_since <= day


def _country(code: str, name: str, joined: str | None = None) -> Country:
    return Country(code, name, date.fromisoformat(joined) if joined else None)


FOUNDED = "1949-08-24"  # the treaty came into force
_TABLE = [
    _country("AL", "Albania", "2009-04-01"),
    _country("AD", "Andorra"),
    _country("AM", "Armenia"),
    _country("AT", "Austria"),
    _country("AZ", "Azerbaijan"),
    _country("BY", "Belarus"),
    _country("BE", "Belgium", FOUNDED),
    _country("BA", "Bosnia and Herzegovina"),
    _country("BG", "Bulgaria", "2004-03-29"),
    _country("HR", "Croatia", "2009-04-01"),
    _country("CY", "Cyprus"),
    _country("CZ", "Czechia", "1999-03-12"),
    _country("DK", "Denmark", FOUNDED),
    _country("EE", "Estonia", "2004-03-29"),
    _country("FI", "Finland", "2023-04-04"),
    _country("FR", "France", FOUNDED),
    _country("GE", "Georgia"),
    # West Germany joined in 1955; reunited Germany stayed a member in 1990.
    _country("DE", "Germany", "1955-05-06"),
    _country("GR", "Greece", "1952-02-18"),
    _country("HU", "Hungary", "1999-03-12"),
    _country("IS", "Iceland", FOUNDED),
    _country("IE", "Ireland"),
    _country("IT", "Italy", FOUNDED),
    _country("XK", "Kosovo"),
    _country("LV", "Latvia", "2004-03-29"),
    _country("LI", "Liechtenstein"),
    _country("LT", "Lithuania", "2004-03-29"),
    _country("LU", "Luxembourg", FOUNDED),
    _country("MT", "Malta"),
    _country("MD", "Moldova"),
    _country("MC", "Monaco"),
    _country("ME", "Montenegro", "2017-06-05"),
    _country("NL", "Netherlands", FOUNDED),
    _country("MK", "North Macedonia", "2020-03-27"),
    _country("NO", "Norway", FOUNDED),
    _country("PL", "Poland", "1999-03-12"),
    _country("PT", "Portugal", FOUNDED),
    _country("RO", "Romania", "2004-03-29"),
    _country("RU", "Russia"),
    _country("SM", "San Marino"),
    _country("RS", "Serbia"),
    _country("SK", "Slovakia", "2004-03-29"),
    _country("SI", "Slovenia", "2004-03-29"),
    _country("ES", "Spain", "1982-05-30"),
    _country("SE", "Sweden", "2024-03-07"),
    _country("CH", "Switzerland"),
    _country("TR", "Turkey", "1952-02-18"),
    _country("UA", "Ukraine"),
    _country("GB", "United Kingdom", FOUNDED),
    _country("VA", "Vatican City"),
]

COUNTRIES: dict[str, Country] = {c.code: c for c in _TABLE}
CHOICES: list[tuple[str, str]] = [(c.code, c.name) for c in _TABLE]


def country(code: str) -> Country | None:
    return COUNTRIES.get((code or "").strip().upper())


def country_name(code: str) -> str:
    found = country(code)
    return found.name if found else code


def unknown_codes(codes: list[str]) -> list[str]:
    return [code for code in codes if country(code) is None]


def nato_member_on(code: str, day: date) -> bool:
    found = country(code)
    return found is not None and found.nato_member_on(day)


# Where an incident's coordinates may lie: Europe from the Azores and the Canaries in
# the west and south to the Urals and the Arctic islands in the east and north, with
# Turkey and the South Caucasus. Anything else is a typo (a swapped sign or axis).
EUROPE_BOUNDS = {"south": 27.0, "north": 82.0, "west": -32.0, "east": 70.0}


def in_europe(latitude: float, longitude: float) -> bool:
    b = EUROPE_BOUNDS
    return b["south"] <= latitude <= b["north"] and b["west"] <= longitude <= b["east"]

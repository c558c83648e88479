"""How relevant a headline is to the site's question, and whether it is urgent."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

DEFAULT_TERMS: dict[str, float] = {
    "nato": 3.0,
    "russia": 2.0,
    "russian": 2.0,
    "kremlin": 1.5,
    "article 5": 5.0,
    "article 4": 4.0,
    "collective defence": 3.0,
    "collective defense": 3.0,
    "airspace": 2.0,
    "drone": 1.5,
    "drones": 1.5,
    "sabotage": 2.0,
    "cyber attack": 1.5,
    "cyberattack": 1.5,
    "mobilisation": 2.0,
    "mobilization": 2.0,
    "ukraine": 1.0,
    "baltic": 1.0,
    "poland": 1.0,
    "escalation": 1.0,
}
DEFAULT_TRIGGERS = (
    "article 5 invoked",
    "invokes article 5",
    "invoked article 5",
    "declaration of war",
    "declares war",
    "declared war",
    "state of war",
)
DEFAULT_THRESHOLD = 4.0


@dataclass(frozen=True)
class Relevance:
    score: float
    matched_terms: list[str]
    urgent: bool


def _terms() -> dict[str, float]:
    return getattr(settings, "NEWS_RELEVANCE_TERMS", None) or DEFAULT_TERMS


def threshold() -> float:
    return getattr(settings, "NEWS_RELEVANCE_THRESHOLD", DEFAULT_THRESHOLD)


@functools.cache
def _patterns(terms: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float, re.Pattern], ...]:
    # Compiled once per set of terms: a feed poll assesses every entry it stores.
    return tuple((term, weight, re.compile(rf"\b{re.escape(term)}\b")) for term, weight in terms)


def assessor() -> Callable[[str, str], Relevance]:
    """`assess` with the terms read once, for scoring many headlines (a poll's batch):
    reading a setting that is not set costs Django an exception, a quarter of a score."""
    patterns = _patterns(tuple(_terms().items()))

    def assess_one(title: str, summary: str = "") -> Relevance:
        """Title matches count double: a headline about NATO beats a passing mention."""
        title_l, summary_l = title.lower(), summary.lower()
        score = 0.0
        matched = []
        for term, weight, pattern in patterns:
            # The substring test rules most terms out at C speed; the pattern checks
            # word edges.
            in_title = term in title_l and pattern.search(title_l) is not None
            in_summary = term in summary_l and pattern.search(summary_l) is not None
            if in_title or in_summary:
                score += weight * (2 * in_title + in_summary)
                matched.append(term)
        text = f"{title_l} {summary_l}"
        urgent = any(trigger in text for trigger in DEFAULT_TRIGGERS)
        return Relevance(round(score, 2), matched, urgent)

    return assess_one

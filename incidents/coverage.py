"""What the record covers, said the same way on every output: its pages, the CSV, the
JSON and the Atom feed. A reader takes a record as complete unless it says otherwise."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from incidents.models import Incident, Precision, day_words

EMPTY = gettext_noop(
    "This record has no incidents yet; it is not a complete count of what has happened."
)


def coverage_sentence() -> str:
    """“This record begins on 7 September 2024 and lists incidents reported by the sources
    shown; it is not a complete count.”, from the first published incident (one query)."""
    first = (
        Incident.objects.published()
        .order_by("started_on", "id")
        .values_list("started_on", "precision")
        .first()
    )
    if first is None:
        return gettext(EMPTY)
    day, precision = first
    if precision == Precision.DAY:
        sentence = gettext(
            "This record begins on %(day)s and lists incidents reported by the sources "
            "shown; it is not a complete count."
        )
    else:
        sentence = gettext(
            "This record begins in %(day)s and lists incidents reported by the sources "
            "shown; it is not a complete count."
        )
    return sentence % {"day": day_words(day, precision)}

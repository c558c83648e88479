"""A language's backlog as a file, and a file back into submissions: what the admin's
export and import buttons and the management commands share."""

from __future__ import annotations

from typing import Any

from translations.exchange import po, xliff
from translations.exchange.collect import units_to_translate
from translations.models import Origin
from translations.services_import import ImportReport, import_units

FORMATS = {"po": po, "xliff": xliff}
ORIGINS = {"po": Origin.PO, "xliff": Origin.XLIFF}


def export_file(language: str, fmt: str) -> bytes:
    return FORMATS[fmt].write(units_to_translate(language), language=language)


def format_of(name: str, data: bytes) -> str:
    """po or xliff, by the file's name, else by its first bytes."""
    lowered = name.lower()
    if lowered.endswith((".xlf", ".xliff")):
        return "xliff"
    if lowered.endswith((".po", ".pot")):
        return "po"
    return "xliff" if data.lstrip().startswith(b"<") else "po"


def import_file(*, user: Any, language: str, name: str, data: bytes) -> ImportReport:
    """Read the file (refused whole, with ExchangeError, if it can't be read) and import
    its units."""
    fmt = format_of(name, data)
    units = FORMATS[fmt].read(data, language=language)
    return import_units(user=user, language=language, units=units, origin=ORIGINS[fmt])

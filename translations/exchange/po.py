"""PO files (gettext): `msgctxt` the unit id, `msgid` the English, `msgstr` the
translation; a changed English is exported `#, fuzzy` with the previous translation and
the English it was made for as `#| msgid` (as msgmerge writes it), so PO editors show
the change."""

from __future__ import annotations

import polib

from translations.exchange import SOURCE_LANGUAGE, ExchangeError, Unit, decode

CONTENT_TYPE = "text/x-gettext-translation; charset=utf-8"


def write(units: list[Unit], *, language: str) -> bytes:
    catalogue = polib.POFile(wrapwidth=78)
    # No dates in the header: exporting the same backlog twice gives the same file.
    catalogue.metadata = {
        "Project-Id-Version": "warstatus",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    for unit in units:
        unfinished = not unit.ready and bool(unit.translation)
        catalogue.append(
            polib.POEntry(
                msgctxt=unit.id,
                msgid=unit.english,
                msgstr=unit.translation,
                comment=unit.note,
                flags=["fuzzy"] if unfinished else [],
                previous_msgid=unit.previous_english or None,
            )
        )
    return str(catalogue).encode("utf-8")


def read(data: bytes, *, language: str) -> list[Unit]:
    text = decode(data, what="PO")
    # polib reads a path when given one: content always has a line break, a path never
    # should, so an upload naming a file on the server is refused, not opened.
    if "\n" not in text:
        raise ExchangeError("This is not a PO file.")
    try:
        catalogue = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as error:
        raise ExchangeError(f"This PO file can't be read: {error}") from None
    named = catalogue.metadata.get("Language", "").strip()
    if named != language:
        raise ExchangeError(
            f"This PO file is for the language {named or '(none)'!r}, not {language!r}: "
            "nothing was imported."
        )
    return [
        Unit(
            id=entry.msgctxt or "",
            english=entry.msgid,
            translation=entry.msgstr,
            ready="fuzzy" not in entry.flags and not entry.msgid_plural,
        )
        for entry in catalogue
        if not entry.obsolete
    ]

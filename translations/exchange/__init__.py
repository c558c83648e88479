"""Translations in the files translators' own tools read and write: PO (gettext) and
XLIFF 1.2, one unit per English field that needs translating.

A unit is named `kind:object_id:field:hash12`, the hash of the English it translates, so
an import knows which English version each entry translates even when the English has
changed since the export. Entries marked as unfinished (PO `fuzzy`, XLIFF `new` or
`needs-*` states) are never imported: they are the previous translation, offered for
the translator to check against the changed English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

HASH_LENGTH = 12
_ID = re.compile(
    r"^(?P<kind>[\w.-]+):(?P<object_id>\d{1,18}):(?P<key>[\w.-]+):(?P<hash>[0-9a-f]{12})$"
)
SOURCE_LANGUAGE = "en-GB"


class ExchangeError(ValidationError):
    """A file that can't be read as a translations file, said in words."""


@dataclass(frozen=True)
class Unit:
    id: str
    english: str
    translation: str = ""
    # False: unfinished (fuzzy, or a state saying it needs work): never imported.
    ready: bool = True
    # The English the previous translation was made for, where the English changed.
    previous_english: str = ""
    note: str = ""


@dataclass(frozen=True)
class UnitId:
    kind: str
    object_id: int
    key: str
    hash: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.key}:{self.hash}"


def unit_id(*, kind: str, object_id: int, key: str, digest: str) -> str:
    return str(UnitId(kind, object_id, key, digest[:HASH_LENGTH]))


def parse_unit_id(text: str) -> UnitId | None:
    found = _ID.match(text or "")
    if found is None:
        return None
    return UnitId(found["kind"], int(found["object_id"]), found["key"], found["hash"])


def decode(data: bytes, *, what: str) -> str:
    """The file as text: UTF-8 only (and no NUL), the encoding both formats export."""
    if b"\x00" in data:
        raise ExchangeError(f"This is not a {what} file (it holds binary data).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError(
            f"The {what} file is not UTF-8: save it as UTF-8 and try again."
        ) from None

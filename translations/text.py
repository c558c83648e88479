"""One fingerprint of an English text, used when a translation is saved and when a page
is read: a translation is shown only while it names the fingerprint of the live English."""

from __future__ import annotations

import hashlib
import unicodedata


def fingerprint(text: str) -> str:
    """sha256 of the text as readers see it: line endings and Unicode composition, and
    the whitespace around it, are not a change of the English."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode()).hexdigest()


SECTION_PREFIX = "section-"


def section_key(text: str) -> str:
    """The key of one section of a longer English text (an explainer's body): named by
    its fingerprint, not its place, so a moved section keeps its translation and a
    changed one is a new key with none yet."""
    return SECTION_PREFIX + fingerprint(text)[:16]


def is_section_key(key: str) -> bool:
    return key.startswith(SECTION_PREFIX)

"""Text for places that hold one line: badge labels, email subjects, titles."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def one_line(value: str | None) -> str:
    """Every control character and line break becomes a space; runs of space fold to one."""
    return " ".join(_CONTROLS.sub(" ", value or "").split())


def has_control_characters(value: str | None) -> bool:
    return bool(_CONTROLS.search(value or ""))

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


def single_line_errors(**fields: str | None) -> dict[str, str]:
    """A sentence for each field that should hold one line but holds a line break or
    a control character (often pasted from a word processor). Empty when all are fine."""
    return {
        name: (
            f"The {name.replace('_', ' ')} must be one line: remove the line break or "
            "invisible control character (often pasted from a word processor)."
        )
        for name, value in fields.items()
        if has_control_characters(value)
    }

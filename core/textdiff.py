"""Two versions of a short text side by side, with the words that differ marked.

Reviewers compare a proposal with what readers see now; marking the changed words
(rather than showing two whole paragraphs) is what makes a one-word change visible.

Merging a stale save needs the lines one version added to another, and which of them a
later text drops: what an editor confirms before saving over someone else's addition.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """`old` and `new` cut into segments; `changed` marks words the other lacks."""
    # str(): a choice's label may be a lazily translated string.
    a, b = _WORDS.findall(str(old or "")), _WORDS.findall(str(new or ""))
    before: list[Segment] = []
    after: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        same = op == "equal"
        if a1 < a2:
            before.append(Segment("".join(a[a1:a2]), not same))
        if b1 < b2:
            after.append(Segment("".join(b[b1:b2]), not same))
    return before, after


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n")]


def added_lines(before: str, after: str) -> list[str]:
    """The non-blank lines `after` has that `before` has not (new or reworded), in order."""
    old, new = _lines(before), _lines(after)
    added = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            added.extend(line for line in new[j1:j2] if line)
    return added


def missing_lines(lines: Iterable[str], text: str) -> list[str]:
    """Those of `lines` that `text` no longer holds (whitespace at the ends aside)."""
    kept = set(_lines(text))
    return [line for line in lines if line not in kept]


def present_lines(lines: Iterable[str], text: str) -> list[str]:
    """Those of `lines` that `text` still holds."""
    kept = set(_lines(text)) if isinstance(text, str) else set()
    return [line for line in lines if line in kept]


def token(lines: Iterable[str]) -> str:
    """A short fingerprint of exactly these lines: a confirmation that names them is for
    them only, not for whatever a later save would remove."""
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def summarise(lines: list[str], *, limit: int = 160) -> str:
    """The lines as one quoted phrase short enough for a checkbox label."""
    text = " / ".join(lines)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

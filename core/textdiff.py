"""Two versions of a short text side by side, with the words that differ marked.

Reviewers compare a proposal with what readers see now; marking the changed words
(rather than showing two whole paragraphs) is what makes a one-word change visible.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """`old` and `new` cut into segments; `changed` marks words the other lacks."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
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

"""A translated section's headings keep the English anchors: links to `#sec-...` from
elsewhere (and from other languages' pages) land on the same heading in every language."""

from __future__ import annotations

import re

# Stored HTML comes from the one sanitiser, which allows ids on h2-h4 only and only in
# its own namespace: this reads and rewrites nothing else.
_HEADING_ID = re.compile(r'<(h[234]) id="([a-z][a-z0-9_-]*)"')


def heading_ids(html: str) -> list[str]:
    return [match.group(2) for match in _HEADING_ID.finditer(html)]


def keep_anchors(translated_html: str, english_html: str) -> str:
    """`translated_html` with its headings' ids replaced, in order, by the English ones."""
    english = heading_ids(english_html)
    if not english:
        return translated_html
    count = 0

    def swap(match: re.Match) -> str:
        nonlocal count
        count += 1
        if count <= len(english):
            anchor = english[count - 1]
        else:  # more headings than the English has: still unique, still in the namespace
            anchor = f"{english[-1]}-{count - len(english)}"
        return f'<{match.group(1)} id="{anchor}"'

    return _HEADING_ID.sub(swap, translated_html)

"""An explainer's body in sections, split at its `## ` headings (and the part before the
first), each with its Markdown, its share of the stored HTML and since when its English
has read as it does: a translation is kept per section, so an edit to one section sends
only that section back to English on translated pages."""

from __future__ import annotations

import re
from datetime import datetime

_H2 = re.compile(r"^\s{0,3}##(\s|$)")
_HTML_H2 = re.compile(r"(?=<h2[\s>])")


def split_markdown(body: str) -> list[str]:
    """The Markdown at each `## ` heading, as the site's Markdown reads one (code indented
    four spaces is not a heading; the site renders no fenced code)."""
    parts: list[list[str]] = [[]]
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        if _H2.match(line) and any(text.strip() for text in parts[-1]):
            parts.append([])
        parts[-1].append(line)
    return [text for part in parts if (text := "\n".join(part).strip())]


def split_html(body_html: str) -> list[str]:
    return [part for part in _HTML_H2.split(body_html or "") if part.strip()]


def body_sections(body: str, body_html: str, *, previous: list[dict], now: datetime) -> list[dict]:
    """[{"source": Markdown, "html": its stored HTML, "since": iso}], in page order.

    The HTML is the page's own (rendered whole, once), cut at its h2s; where the two
    splits disagree (a heading Markdown writes another way) the body is one section.
    A section whose Markdown is unchanged keeps its `since`, wherever it moved."""
    sources, htmls = split_markdown(body), split_html(body_html)
    if len(sources) != len(htmls):
        sources, htmls = ([body.strip()], [body_html]) if body.strip() else ([], [])
    known = {section["source"]: section["since"] for section in previous or []}
    return [
        {"source": source, "html": html, "since": known.get(source, now.isoformat())}
        for source, html in zip(sources, htmls, strict=True)
    ]

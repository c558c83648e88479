"""A table of contents read from stored, sanitised HTML (headings carry ids)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag in {"h2", "h3"}:
            anchor = dict(attrs).get("id")
            if anchor:
                self._current = {"level": int(tag[1]), "id": anchor, "text": ""}

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if self._current is not None and tag in {"h2", "h3"}:
            self._current["text"] = " ".join(self._current["text"].split())
            self.items.append(self._current)
            self._current = None


def table_of_contents(body_html: str) -> list[dict]:
    parser = _Headings()
    parser.feed(body_html)
    return parser.items

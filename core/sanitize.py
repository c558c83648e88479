"""The one HTML policy.

Everything that is rendered as HTML on the site (explainer bodies, FAQ
answers, any future rich field) is made here, once, when it is saved, and
stored beside its source. Feed text is reduced to plain text here too.
Templates mark nothing else safe.
"""

from __future__ import annotations

import html
import html.entities
import re
from html.parser import HTMLParser

import bleach
import markdown
from bleach.html5lib_shim import HTML_TAGS_BLOCK_LEVEL, Filter
from markdown.extensions import toc

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "a",
        "abbr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Every id in stored HTML starts with this and no template id does (a test holds
# both), so editor-written HTML can never take an id of the page around it.
HEADING_ID_PREFIX = "sec-"
_ID = re.compile(r"^[a-z][a-z0-9_-]{0,120}$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_href(value: str) -> bool:
    """True for http(s)/mailto URLs and plain relative links.

    bleach alone reads `javascript:123` as a host and port (mozilla/bleach
    issue 536), so the scheme is checked again here, after removing the
    control characters and spaces that browsers ignore inside a scheme.
    """
    squeezed = _CONTROL.sub("", html.unescape(value))
    match = _SCHEME.match(squeezed)
    if match is None:
        # No scheme: a relative, fragment or protocol-relative link; none can run code.
        return True
    return match.group(1).lower() in ALLOWED_PROTOCOLS


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        if name == "href":
            return is_safe_href(value)
        return name == "title"
    if tag in {"h2", "h3", "h4"} and name == "id":
        # Only ids in the stored-HTML namespace: `<h2 id="main">` written by hand would
        # otherwise take an id of the page around it (skip links, ARIA labels).
        return bool(_ID.match(value)) and value.startswith(HEADING_ID_PREFIX)
    if tag == "abbr":
        return name == "title"
    if tag in {"th", "td"}:
        return name in {"colspan", "rowspan"} and value.isdigit()
    return False


class _LinkRelFilter(Filter):
    """Every link leaves the site without handing it the opener or the referrer."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = dict(token.get("data") or {})
                attrs[(None, "rel")] = "noopener noreferrer"
                token["data"] = attrs
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkRelFilter],
)
_text_cleaner = bleach.Cleaner(tags=set(), attributes={}, strip=True, strip_comments=True)

# Whole elements whose content is never readable text.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|template|iframe|object|noscript|svg|math)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def sanitize_html(value: str) -> str:
    """Reduce untrusted HTML to the allow-list above."""
    return _cleaner.clean(_DROP_WITH_CONTENT.sub("", value or ""))


def _heading_ids(prefix: str):
    """Heading ids that pass `_ID` (so every heading reaches the table of contents),
    all in the stored-HTML namespace (`HEADING_ID_PREFIX`)."""

    def slugify(value: str, separator: str) -> str:
        slug = HEADING_ID_PREFIX + prefix + (toc.slugify(value, separator) or "section")
        return slug[:100]  # toc adds "_1", "_2" to repeats

    return slugify


def render_markdown(source: str, *, id_prefix: str = "") -> str:
    """Editor Markdown -> sanitised HTML, ready to store in a `*_html` field.

    `id_prefix` keeps heading ids apart when several pieces share one page
    (each FAQ answer uses its question's slug).
    """
    rendered = markdown.markdown(
        source or "",
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={
            "toc": {"permalink": False, "toc_depth": "2-4", "slugify": _heading_ids(id_prefix)}
        },
        output_format="html",
    )
    return sanitize_html(rendered)


# What an editor calls the things the allow-list drops.
_TAG_WORDS = {
    "h1": "top-level headings (# ...): use ## instead",
    "h5": "level-5 headings (##### ...): use ## to ####",
    "h6": "level-6 headings (###### ...): use ## to ####",
    "img": "images",
    "iframe": "embedded frames",
    "script": "scripts",
    "style": "style blocks",
    "div": "<div> blocks (their text stays)",
    "span": "<span> tags (their text stays)",
}


class _Inventory(HTMLParser):
    """Everything in rendered Markdown that the allow-list would not keep."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dropped: list[str] = []

    def _note(self, what: str) -> None:
        if what not in self.dropped:
            self.dropped.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._note(_TAG_WORDS.get(tag, f"<{tag}> tags"))
            return
        for name, value in attrs:
            if _allowed_attribute(tag, name, value or ""):
                continue
            if tag == "a" and name == "href":
                self._note(f"the link to {(value or '')[:60]} (not a web address)")
            else:
                self._note(f"the {name} attribute on <{tag}>")

    def handle_comment(self, data: str) -> None:
        self._note("HTML comments")


def dropped_by_sanitiser(source: str) -> list[str]:
    """What saving `source` (editor Markdown) would silently drop, in an editor's words.

    The sanitiser is right to drop these; telling the editor before the save is what
    keeps a heading or an image from vanishing without a word.
    """
    rendered = markdown.markdown(
        source or "", extensions=["tables", "sane_lists"], output_format="html"
    )
    inventory = _Inventory()
    inventory.feed(rendered)
    inventory.close()
    return inventory.dropped


# Markup simple enough that stripping its tags and decoding its entities is exactly
# what the parse below makes of it (tests/core/test_plain_text.py holds the two equal):
# ordinary tags only (none that holds raw text or moves text about, as tables do),
# attribute values without markup, entities written out in full, no control characters.
_TAG_NAMES = (
    r"p|br|b|i|em|strong|a|span|div|ul|ol|li|h[1-6]|blockquote|img|hr|small|sup|sub"
    r"|u|s|q|cite|abbr|figure|figcaption"
)
_ATTRIBUTES = (
    r"""(?:\s++[a-z_:][-a-z0-9_:.]*+(?:\s*+=\s*+(?:"[^"<>&]*+"|'[^'<>&]*+'|[^\s"'<>=`&]++))?+)*+"""
)
# Atomic and possessive throughout: on text that is not simple the match must fail at
# once, not try every way of splitting the text (which would take for ever). No groups
# capture inside the repetition (CPython 3.11's re gets their spans wrong there).
_ANY_TAG = rf"(?><(?:{_TAG_NAMES}|/(?:{_TAG_NAMES})){_ATTRIBUTES}\s*+/?>)"
_SIMPLE_MARKUP = re.compile(
    rf"(?:[^<&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]++|{_ANY_TAG}|&[a-z][a-z0-9]*+;)*+",
    re.IGNORECASE,
)
# One tag at a time; group 1 names a start tag.
_TAG = re.compile(rf"<(?:({_TAG_NAMES})|/(?:{_TAG_NAMES})){_ATTRIBUTES}\s*+/?>", re.IGNORECASE)
_ENTITY_NAME = re.compile(r"&([a-z][a-z0-9]*);", re.IGNORECASE)
_TAG_SHAPED = re.compile(r"<[^>]*>")


def _strip_simple_tags(value: str) -> str:
    """Each tag as the parser's stripping reads it: a block-level start tag after an
    earlier tag is a line break (as a browser would show it), every other tag nothing."""
    after_a_tag = False

    def replace(tag: re.Match) -> str:
        nonlocal after_a_tag
        name = tag.group(1)
        breaks = after_a_tag and name is not None and name.lower() in HTML_TAGS_BLOCK_LEVEL
        after_a_tag = True
        return "\n" if breaks else ""

    return _TAG.sub(replace, value)


def _is_simple(value: str) -> bool:
    if _SIMPLE_MARKUP.fullmatch(value) is None:
        return False
    # An unknown name is kept as written by both ways; a known one without its
    # semicolon form (html5's "&ampx;" reads as "&" + "x;") is left to the parser.
    return all(f"{name};" in html.entities.html5 for name in _ENTITY_NAME.findall(value))


def plain_text(value: str, *, max_length: int | None = None) -> str:
    """Any HTML or text -> plain text with no markup, whitespace folded.

    The result is meant to be escaped by templates like any other text, so
    entities are decoded here rather than left for the browser. Text that is
    plain already, or carries only simple markup, skips the HTML parser: a feed
    poll reduces two fields of every entry, and the parse was most of its cost.
    """
    value = value or ""
    if _is_simple(value):
        stripped = _strip_simple_tags(value) if "<" in value else value
    else:
        stripped = _text_cleaner.clean(_DROP_WITH_CONTENT.sub(" ", value))
    text = " ".join(html.unescape(stripped).split())
    # A decoded "&lt;script&gt;" is only text; strip the angle brackets of any
    # tag-shaped leftovers so the stored value never looks like markup.
    text = _TAG_SHAPED.sub("", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text safe inside an XML 1.0 document (feeds): drop the control characters it forbids."""
    return _XML_ILLEGAL.sub("", value or "")

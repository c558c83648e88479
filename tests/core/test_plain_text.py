"""plain_text's quick way (simple markup: strip the tags, decode the entities) gives
exactly what the HTML parser gives, so feed text is the same whichever way it went."""

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from core import sanitize


def by_parsing(value: str) -> str:
    """plain_text as it was before the quick way: every value through bleach."""
    stripped = sanitize._text_cleaner.clean(sanitize._DROP_WITH_CONTENT.sub(" ", value))
    text = " ".join(html.unescape(stripped).split())
    return re.sub(r"<[^>]*>", "", text).strip()


PIECES = [
    *("<p>", "</p>", "<P class=x>", "<li>", "</li>", "<ul>", "</ul>", "<h2>", "</h2>"),
    *("<div id='a b'>", "</div>", "<blockquote>", "<hr>", "<br>", "<br/>", "<figure>"),
    *("<b>", "</b>", "<B CLASS=y>", '<a href="https://x.example/?a=1">', "</a>", "<span>"),
    *("<img src=x alt='a b'>", "<em>", "</em>", "<strong>", "<q>", "<sup>", "<abbr title=t>"),
    *("<pre>", "<table>", "<td>", "<script>", "</script>", "<style>", "<!-- c -->", "<title>"),
    *("&amp;", "&lt;", "&gt;", "&copy;", "&nbsp;", "&foo;", "&ampx;", "&amp", "&", "a&b"),
    *("&#39;", "&#0;", "&#65;", "&#x41;", "&#x110000;", "&lt;b&gt;", "&lt;script&gt;"),
    *(" ", "\n", "\t", "\r", "\x0c", "\x00", "\x1b", "\x85", "\xa0", "\xad", "\u2028"),
    *("\ufeff", "\ufffe", "<", ">", "'", '"', "=", "/", "x", "é", "NATO", "Article 5"),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=14))
def test_the_quick_way_and_the_parser_agree(parts):
    value = "".join(parts)
    assert sanitize.plain_text(value) == by_parsing(value)


def test_a_feed_summary_with_simple_markup_takes_the_quick_way():
    summary = (
        '<p>Allies discussed <b>Article 4</b> &amp; <a href="https://x.example/">more</a>.</p>'
    )
    assert sanitize._is_simple(summary)
    assert sanitize.plain_text(summary) == "Allies discussed Article 4 & more."
    assert not sanitize._is_simple("<script>alert(1)</script>")
    assert sanitize.plain_text("<p>a</p><script>alert(1)</script>") == "a"


def test_text_that_is_not_simple_is_told_at_once():
    """A long text ending in a stray "<" is not simple; finding out must not backtrack."""
    import time

    for value in ("a" * 100_000 + "<", "<p a=b " * 20_000, "&amp; x " * 20_000 + "&"):
        started = time.perf_counter()
        assert not sanitize._is_simple(value)
        assert time.perf_counter() - started < 0.5

"""Every XSS vector in the corpora, saved as an explainer body and as an FAQ answer."""

import json
import re
from html.parser import HTMLParser

import pytest

from core.sanitize import is_safe_href, render_markdown, sanitize_html
from explainers import services
from explainers.models import ExplainerState
from tests.conftest import CORPORA
from tests.explainers.conftest import SOURCED

pytestmark = pytest.mark.django_db


def _vectors() -> list[str]:
    dompurify = json.loads((CORPORA / "xss" / "dompurify_expect.json").read_text())
    bleach_cases = json.loads((CORPORA / "xss" / "bleach_tests_data.json").read_text())
    payloads = [c["payload"] for c in dompurify if isinstance(c.get("payload"), str)]
    payloads += [c["input"] for c in bleach_cases if isinstance(c.get("input"), str)]
    return payloads


VECTORS = _vectors()
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "input",
    "meta",
    "link",
    "base",
    "img",
    "video",
    "audio",
    "frame",
}


class _Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_body = True
        if not self.in_body:
            return
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                if not is_safe_href(value):
                    self.problems.append(f"{tag}[{name}={value[:40]}]")


def _problems(html: str, *, whole_page: bool) -> list[str]:
    checker = _Check()
    checker.in_body = not whole_page
    checker.feed(html)
    return checker.problems


def test_the_corpus_is_there():
    assert len(VECTORS) > 200


def test_every_vector_is_harmless_in_the_stored_and_the_rendered_explainer(client):
    for start in range(0, len(VECTORS), 40):
        chunk = VECTORS[start : start + 40]
        body = "\n\n".join(chunk)
        explainer = services.save_explainer(
            user=None,
            slug=f"x{start}",
            title="XSS",
            summary="s",
            body=body,
            state=ExplainerState.PUBLISHED,
            **SOURCED,
        )
        assert _problems(explainer.body_html, whole_page=False) == []
        page = client.get(f"/explainers/x{start}/").content.decode()
        assert _problems(page, whole_page=True) == []


def test_every_vector_is_harmless_as_an_faq_answer(client):
    for n, vector in enumerate(VECTORS):
        question = services.save_question(
            user=None, slug=f"q{n}", question=f"Q{n}", answer=vector, published=True, **SOURCED
        )
        assert _problems(question.answer_html, whole_page=False) == [], vector
    assert _problems(client.get("/faq/").content.decode(), whole_page=True) == []


@pytest.mark.parametrize(
    "href",
    [
        "javascript:123",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_script_links_are_dropped_including_the_bleach_digits_quirk(href):
    cleaned = sanitize_html(f'<a href="{href}">x</a>')
    assert "href" not in cleaned


def test_ordinary_links_survive():
    for href in (
        "https://www.nato.int/",
        "http://example.org/a?b=1",
        "mailto:a@example.org",
        "/explainers/article-5/",
        "#section",
    ):
        assert f'href="{href}"' in sanitize_html(f'<a href="{href}">x</a>')


def test_every_heading_reaches_the_contents_even_repeated_or_starting_with_a_digit():
    from explainers.toc import table_of_contents

    html = render_markdown("## Overview\n\nx\n\n## Overview\n\ny\n\n## 2025 incidents\n\nz")
    contents = table_of_contents(html)
    assert [c["text"] for c in contents] == ["Overview", "Overview", "2025 incidents"]
    assert len({c["id"] for c in contents}) == 3


def test_a_heading_never_takes_an_id_the_page_around_it_uses():
    html = render_markdown("## Main\n\n## Related heading\n")
    assert 'id="sec-main"' in html and 'id="sec-related-heading"' in html
    written = sanitize_html('<h2 id="main">Skip here</h2><h3 id="content-main">x</h3>')
    assert "id=" not in written


def test_no_template_uses_an_id_that_stored_html_may_carry():
    from core.sanitize import HEADING_ID_PREFIX
    from tests.conftest import ROOT

    template_ids = set()
    for path in (ROOT / "templates").rglob("*.html"):
        template_ids |= set(re.findall(r'id="([^"]+)"', path.read_text()))
    assert template_ids, "the templates declare ids: the check is looking in the right place"
    assert not {i for i in template_ids if i.startswith(HEADING_ID_PREFIX)}


def test_two_faq_answers_with_the_same_heading_get_different_anchors(client):
    from explainers.services import save_question

    for slug in ("nukes", "drones"):
        save_question(
            user=None,
            slug=slug,
            question=f"{slug}?",
            answer="## Sources\n\nx",
            published=True,
            **SOURCED,
        )
    page = client.get("/faq/").content.decode()
    ids = re.findall(r'<h2 id="([^"]+)"', page)
    assert "sec-nukes-sources" in ids and "sec-drones-sources" in ids

"""Interface strings and links in the reader's language: the templates link within the
page's language, mark every word a reader sees, and say <html lang> as the path does."""

from __future__ import annotations

import re

import pytest

from status.models import Check, Verdict
from tests.conftest import ROOT
from tests.status.factories import make_verdict

pytestmark = pytest.mark.django_db

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]
PUBLIC_TEMPLATES = sorted(
    p for p in (ROOT / "templates").rglob("*") if p.is_file() and "admin" not in p.parts
)
# A site path written into a template would drop the reader's language prefix; static
# files and the error pages' stylesheet are the same in every language.
SITE_PATH = re.compile(r'(?:href|action|src)="/(?!static/)')


@pytest.fixture
def verdict() -> Verdict:
    found = make_verdict()
    Check.objects.create(checked_at=found.effective_at, verdict=found)
    return found


def test_no_template_hard_codes_a_site_path():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in PUBLIC_TEMPLATES
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SITE_PATH.search(line)
    ]
    assert PUBLIC_TEMPLATES and not found, found


def _links(html: str, part: str) -> list[str]:
    start = html.index(f"<{part}")
    return re.findall(r'href="(/[^"]*)"', html[start : html.index(f"</{part}>", start)])


@pytest.mark.parametrize("path", ["/pl/", "/pl/news/", "/pl/incidents/", "/pl/faq/"])
def test_a_polish_pages_nav_and_footer_links_stay_under_pl(client, verdict, path):
    html = client.get(path).content.decode()
    links = _links(html, "header") + [
        href for href in _links(html, "footer") if not href.startswith("/static/")
    ]
    # The picker in the footer is the one way out of Polish, on purpose.
    picker = {f"/{code}{path[3:]}" for code in LANGUAGES if code != "pl"} | {path[3:]}
    leaving = [href for href in links if not href.startswith("/pl/") and href not in picker]
    assert len(links) > 10 and not leaving, leaving


def test_the_nav_marks_the_page_you_are_on_in_every_language(client, verdict):
    for prefix in ("", "/pl"):
        html = client.get(f"{prefix}/incidents/timeline/").content.decode()
        assert f'<a href="{prefix}/incidents/" aria-current="page">' in html
        assert f'<a href="{prefix}/incidents/timeline/" aria-current="page">' in html
        assert html.count('aria-current="page"') == 2

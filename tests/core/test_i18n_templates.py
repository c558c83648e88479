"""Interface strings and links in the reader's language: the templates link within the
page's language, mark every word a reader sees, and say <html lang> as the path does."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser

import polib
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


# --- every interface string in the reader's language -------------------------------

CATALOGUES = {p.parent.parent.name: p for p in (ROOT / "locale").glob("*/LC_MESSAGES/django.po")}
POLISH_PAGES = [
    "/pl/",
    "/pl/status/history/",
    "/pl/news/",
    "/pl/explainers/",
    "/pl/explainers/article-5/",
    "/pl/faq/",
    "/pl/incidents/",
    "/pl/incidents/?category=sabotage&nato=1",
    "/pl/incidents/timeline/",
    "/pl/incidents/map/",
    "/pl/changelog/",
    "/pl/about/",
    "/pl/subscribe/",
    "/pl/privacy/",
    "/pl/no-such-page/",
]
PLACEHOLDER_OR_TAG = re.compile(r"%\([^)]+\)[sd]|<[^>]+>")


class _VisibleText(HTMLParser):
    """The words a reader meets: text and the attributes read aloud or shown (alt, title,
    aria-label, meta descriptions), outside anything marked English (a fallback to the
    English content says so with lang="en-GB")."""

    VOID = {"meta", "link", "img", "input", "br", "hr", "source", "rect", "path", "line"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.chrome: list[str] = []  # header, footer, <title>: nothing but interface
        self.text: list[str] = []

    def _english(self) -> bool:
        return any(english for _, english in self.stack)

    def _in(self, *tags: str) -> bool:
        return any(tag in tags for tag, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        english = (attrs.get("lang") or "").startswith("en")
        said = [attrs.get(a) for a in ("alt", "title", "aria-label") if attrs.get(a)]
        if tag == "meta" and attrs.get("name", attrs.get("property", "")) in (
            "description",
            "og:description",
            "og:title",
            "og:image:alt",
        ):
            said.append(attrs.get("content") or "")
        if not english and not self._english():
            self._keep(said)
        if tag not in self.VOID:
            self.stack.append((tag, english))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._english() and not self._in("script", "style", "code", "pre"):
            self._keep([data])

    def _keep(self, pieces):
        pieces = [" ".join(p.split()) for p in pieces if p and p.strip()]
        self.text += pieces
        if self._in("header", "footer", "title"):
            self.chrome += pieces


def _english_left_on(
    html: str, catalogue: polib.POFile, content: frozenset = frozenset()
) -> list[str]:
    """The catalogue's English on a page in another language. `content`: the editors' own
    words (an indicator named "Article 5 invoked"), which the content overlay translates, and
    the titles of cited sources, which stay in the document's own language."""
    page = _VisibleText()
    page.feed(html)
    page.text = [t for t in page.text if t not in content]
    page.chrome = [t for t in page.chrome if t not in content]
    words = " \n ".join(page.text)
    found = []
    for entry in catalogue:
        if entry.msgstr == entry.msgid or entry.msgid in entry.msgstr:
            continue  # the same in Polish ("FAQ"): nothing to catch
        # Whole sentences and labels of several words anywhere; any msgid at all in the
        # page's frame (single words there are interface, never content).
        chunks = [c.strip(" .,:;") for c in PLACEHOLDER_OR_TAG.split(entry.msgid)]
        if (
            any(len(c) >= 16 and " " in c and c in words for c in chunks)
            or entry.msgid in page.chrome
        ):
            found.append(entry.msgid)
    return found


@pytest.fixture
def launched(db, settings):
    from django.core.management import call_command

    call_command("load_launch_content", verbosity=0)
    Check.objects.create(checked_at=Verdict.objects.current().effective_at)


def test_every_msgid_has_a_msgstr_in_every_language():
    assert sorted(CATALOGUES) == sorted(LANGUAGES)
    for code, path in CATALOGUES.items():
        catalogue = polib.pofile(str(path))
        untranslated = [e.msgid for e in catalogue if not e.translated() or e.obsolete]
        assert catalogue and not untranslated, (code, untranslated)
        for entry in catalogue.translated_entries():
            # Every plural form a language has is written, not just the first.
            assert all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr


def test_every_public_page_in_polish_has_no_untranslated_interface_msgid(client, launched):
    from explainers.models import Question
    from incidents.models import Incident
    from news.models import Source
    from status.models import Indicator

    catalogue = polib.pofile(str(CATALOGUES["pl"]))
    incident = Incident.objects.published().first()
    content = frozenset(
        [*Indicator.objects.values_list("name", flat=True)]
        + [*Indicator.objects.values_list("state_label", flat=True)]
        + [*Question.objects.values_list("question", flat=True)]
        # A source's title is the cited document's own title, in its own language.
        + [*Source.objects.values_list("title", flat=True)]
    )
    pages = [*POLISH_PAGES, f"/pl/incidents/{incident.pk}/"]
    left = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        if found := _english_left_on(response.content.decode(), catalogue, content):
            left[path] = found
    assert not left, left


def test_the_check_finds_english_left_on_a_page():
    """The check above can fail: an English interface sentence on the page is caught."""
    catalogue = polib.pofile(str(CATALOGUES["pl"]))
    page = "<header><a>News</a></header><main><p>What would change the answer</p></main>"
    assert sorted(_english_left_on(page, catalogue)) == ["News", "What would change the answer"]
    assert _english_left_on('<p lang="en-GB">What would change the answer</p>', catalogue) == []


def test_html_lang_follows_the_path(client, verdict):
    for code in LANGUAGES:
        for path in (f"/{code}/", f"/{code}/faq/", f"/{code}/no-such-page/"):
            html = client.get(path).content.decode()
            assert html.startswith(f'<!doctype html>\n<html lang="{code}">'), path
    assert '<html lang="en-GB">' in client.get("/faq/").content.decode()


def test_the_error_pages_speak_the_paths_language(client, verdict):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("pl"):
        polish = render_to_string("500.html")
    assert '<html lang="pl">' in polish and "Coś poszło nie tak" in polish
    assert 'href="/pl/api/status.json"' in polish
    assert '<html lang="en-GB">' in render_to_string("503.html")


def test_every_po_passes_msgfmt_check():
    for code, path in CATALOGUES.items():
        proc = subprocess.run(
            ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, (code, proc.stderr)


def test_the_plural_forms_header_gives_three_forms_where_the_language_has_them():
    three = {"pl", "uk", "lt", "lv", "ro"}
    for code, path in CATALOGUES.items():
        header = polib.pofile(str(path)).metadata["Plural-Forms"]
        assert f"nplurals={3 if code in three else 2};" in header, code


# --- the budgets hold in every language ---------------------------------------------


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def test_polish_home_makes_the_same_number_of_queries_as_english(client, launched, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert _queries(client, "/pl/") == _queries(client, "/")
    # And every other public page: translated words cost no query.
    for path in POLISH_PAGES[1:-1]:
        assert _queries(client, path) == _queries(client, path[3:]), path


def test_the_subscribe_page_answers_a_polish_reader_in_polish(client, verdict):
    home = client.get("/pl/").content.decode()
    assert 'action="/pl/subscribe/"' in home and "Powiadom mnie e-mailem" in home
    refused = client.post(
        "/pl/subscribe/", {"email": "a@example.org"}, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert refused.status_code == 403
    assert "Użyj formularza na tej stronie." in refused.content.decode()

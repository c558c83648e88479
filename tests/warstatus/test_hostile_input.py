"""Every XSS vector through every editor-facing field, checked on the rendered pages."""

import json
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.sanitize import is_safe_href
from core.text import one_line
from explainers import services as explainer_services
from explainers.models import ExplainerState
from news import services as news_services
from news.models import CuratedLink, LinkState, Outlet
from status import services as status_services
from status.models import Indicator, State
from tests.conftest import CORPORA

pytestmark = pytest.mark.django_db

DOMPURIFY = json.loads((CORPORA / "xss" / "dompurify_expect.json").read_text())
BLEACH = json.loads((CORPORA / "xss" / "bleach_tests_data.json").read_text())
VECTORS = [c["payload"] for c in DOMPURIFY if isinstance(c.get("payload"), str)] + [
    c["input"] for c in BLEACH if isinstance(c.get("input"), str)
]
DANGEROUS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "textarea",
    "meta",
    "base",
    "video",
    "audio",
    "frame",
    "frameset",
    "template",
}
PAGES = [
    "/",
    "/status/history/",
    "/news/",
    "/explainers/",
    "/explainers/x/",
    "/faq/",
    "/changelog/",
    "/feeds/updates.xml",
    "/feeds/news.xml",
]


class _Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in DANGEROUS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if (
                name in {"href", "src", "action", "formaction"}
                and value
                and not is_safe_href(value)
            ):
                self.problems.append(f"{tag}[{name}={value[:30]}]")


def _chunks(size: int):
    for start in range(0, len(VECTORS), size):
        yield start, VECTORS[start : start + size]


def test_every_vector_through_every_editor_field_renders_harmlessly(client):
    outlet = Outlet.objects.create(name="<script>alert(1)</script>", domain="evil.example")
    indicator = Indicator.objects.create(
        key="i", name="i", state="not_met", state_label="No", note="n", updated_at=timezone.now()
    )
    status_services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )
    for start, chunk in _chunks(25):
        text = "\n".join(chunk)[:3000]
        status_services.change_verdict(
            user=None,
            state=State.HYBRID_CONFLICT,
            # One-line fields take the vectors folded to one line (a line break is refused).
            answer=one_line(chunk[0])[:20] or "x",
            headline=one_line(chunk[1])[:200] or "x",
            summary=text,
            reason=text,
        )
        indicator = status_services.update_indicator(
            user=None,
            indicator=indicator,
            state="watch",
            state_label=one_line(chunk[2])[:80] or "x",
            note=text,
            sources=[{"title": one_line(chunk[3])[:100] or "x", "url": "https://evil.example/"}],
            expected_version=indicator.version,
        )
        CuratedLink.objects.create(
            url=f"https://evil.example/{start}",
            title=chunk[4][:300] or "x",
            outlet=outlet,
            context=text,
            source_published_at=timezone.now(),
            state=LinkState.PUBLISHED,
        )
        explainer_services.save_explainer(
            user=None,
            slug="x" if start == 0 else f"x{start}",
            title=one_line(chunk[5])[:200] or "x",
            summary=chunk[6][:500] or "x",
            body=text,
            state=ExplainerState.PUBLISHED,
            sources=[{"title": one_line(chunk[5])[:100] or "x", "url": "https://evil.example/e"}],
        )
        explainer_services.save_question(
            user=None,
            slug=f"q{start}",
            question=one_line(chunk[7])[:200] or "x",
            answer=text,
            group=one_line(chunk[8])[:80] or "x",
            published=True,
            sources=[{"title": one_line(chunk[7])[:100] or "x", "url": "https://evil.example/q"}],
        )
        for page in PAGES:
            response = client.get(page)
            assert response.status_code == 200, page
            if page.startswith("/feeds/"):
                assert b"<script" not in response.content, page
                continue
            checker = _Check()
            checker.feed(response.content.decode())
            assert checker.problems == [], (page, checker.problems)
            # The only form is our own subscribe form (home and history).
            assert response.content.count(b"<form") <= 1, page


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "JaVaScRiPt:alert(1)",
        "vbscript:x",
    ],
)
def test_a_script_url_cannot_become_an_indicator_source_or_a_link(url):
    indicator = Indicator.objects.create(
        key="i", name="i", state="not_met", state_label="No", note="n", updated_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        status_services.update_indicator(
            user=None,
            indicator=indicator,
            state="met",
            state_label="Yes",
            note="n",
            expected_version=1,
            sources=[{"title": "t", "url": url}],
        )
    with pytest.raises(ValueError):
        news_services.submit_link(user=None, url=url, title="t")

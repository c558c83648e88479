"""Every public claim on a fresh install can be opened and checked.

The walker reads every page the sitemap lists (which names each published explainer and
incident) and, on each, the claims the database says it shows: the verdict and the
indicators on the home page, an explainer's page, each FAQ answer, an incident's page
(the dates as each page shows them). It fails on a claim with
no source a reader can open, a source whose outlet is neither a primary source nor a
reputable outlet, a source from an outlet marked as disinformation, and an "accurate as
of" date later than today or earlier than the claim's newest source. It is shown to fail
on deliberately broken claims forced into the database behind the services' backs.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from explainers.models import Explainer, Question
from incidents.models import Incident
from news.models import Outlet, Source, Standing
from news.outlets import outlets_for
from status.models import Indicator, Verdict
from tests.conftest import drop_cached_pages

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>([^<]+)</loc>")
HREF = re.compile(r'href="(https?://[^"]+)"')


def public_pages(client) -> dict[str, str]:
    """Every page the sitemap lists, plus the open data readers can fetch, as text."""
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    paths = [urlsplit(html.unescape(u)).path for u in LOC.findall(sitemap.content.decode())]
    paths += ["/api/status.json"]
    pages = {}
    for path in dict.fromkeys(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def _block(page: str, start: str, end: str) -> str:
    """The part of `page` from the element whose opening contains `start` to `end`."""
    at = page.find(start)
    if at < 0:
        return ""
    stop = page.find(end, at)
    return page[at : stop if stop >= 0 else len(page)]


def _links(block: str) -> set[str]:
    return {html.unescape(u) for u in HREF.findall(block)}


def _source_problems(name: str, urls: set[str], dates: list[date | None]) -> list[str]:
    """What is wrong with a claim's openable sources (`urls`, as its page shows them)."""
    if not urls:
        return [f"{name}: no source a reader can open"]
    problems = []
    outlets = outlets_for(urls)
    for url in sorted(urls):
        outlet = outlets[url]
        if outlet is not None and outlet.standing == Standing.DISINFORMATION:
            problems.append(f"{name}: {url} is from {outlet.name}, marked as disinformation")
        elif outlet is None or not outlet.reputable:
            problems.append(f"{name}: {url} is from an outlet neither primary nor reputable")
    return problems


ACCURATE = re.compile(r'Accurate as of <time datetime="(\d{4}-\d\d-\d\d)"')


def _date_problems(name: str, shown: str, dates: list[date | None]) -> list[str]:
    """What is wrong with the "accurate as of" date the page shows (`shown`: the part of
    the page that dates the claim), against the claim's sources."""
    found = ACCURATE.search(shown)
    if found is None:
        if "Not yet checked against its sources" in shown:
            return []  # says so, claims nothing
        return [f"{name}: shows neither an accurate-as-of date nor that nobody checked it"]
    accurate_as_of = date.fromisoformat(found.group(1))
    problems = []
    if accurate_as_of > timezone.localdate():
        problems.append(f"{name}: accurate as of {accurate_as_of}, which is after today")
    newest = max((d for d in dates if d), default=None)
    if newest and accurate_as_of < newest:
        problems.append(f"{name}: accurate as of {accurate_as_of}, before its source of {newest}")
    return problems


def _dates(claim) -> list[date | None]:
    return [s.published_on for s in claim.sources.all()]


def claim_problems(pages: dict[str, str]) -> list[str]:
    """Every claim-bearing item on the walked pages, checked."""
    problems = []
    home = pages["/"]
    verdict = Verdict.objects.current()
    if verdict is not None:  # the answer itself, and the reason it changed
        name = f"the verdict “{verdict.answer}” on /"
        shown = _block(home, 'id="verdict-sources"', "</p>")
        problems += _source_problems(name, _links(shown), [])
    for indicator in Indicator.objects.in_order().prefetch_related("sources"):
        name = f"indicator “{indicator.name}” on /"
        shown = _block(home, f'id="indicator-{indicator.key}"', "</li>")
        assert shown, f"{name} is not shown"
        problems += _source_problems(name, _links(shown), _dates(indicator))
        problems += _date_problems(name, shown, _dates(indicator))
    for explainer in Explainer.objects.published().prefetch_related("sources"):
        path = explainer.get_absolute_url()
        name = f"explainer “{explainer.title}” on {path}"
        assert path in pages, f"{name}: the sitemap does not list it"
        shown = _block(pages[path], 'id="sources-heading"', "</section>")
        problems += _source_problems(name, _links(shown), _dates(explainer))
        dated = _block(pages[path], '<p class="meta">', "</p>")
        problems += _date_problems(name, dated, _dates(explainer))
    faq = pages["/faq/"]
    for question in Question.objects.published().prefetch_related("sources"):
        name = f"FAQ answer “{question.question}”"
        item = _block(faq, f'id="{question.slug}"', "</section>").split('class="faq-item"')[0]
        assert item, f"{name} is not on /faq/"
        shown = _block(item, 'class="meta sources"', "</p>")
        problems += _source_problems(name, _links(shown), _dates(question))
        problems += _date_problems(name, item, _dates(question))
    for incident in Incident.objects.published().prefetch_related("sources"):
        path = incident.get_absolute_url()
        name = f"incident “{incident.title}” on {path}"
        assert path in pages, f"{name}: the sitemap does not list it"
        shown = _block(pages[path], '<ol class="sources">', "</ol>")
        dates = [s.published_on for s in incident.sources.all()]
        problems += _source_problems(name, _links(shown), dates)
    # And anywhere else: no page links an outlet marked as disinformation.
    marked = list(Outlet.objects.filter(standing=Standing.DISINFORMATION))
    for path, page in pages.items():
        for url in _links(page):
            host = urlsplit(url).hostname or ""
            for outlet in marked:
                if host == outlet.domain or host.endswith(f".{outlet.domain}"):
                    problems.append(f"{path} links {url}, marked as disinformation")
    return problems


@pytest.fixture
def fresh(client):
    call_command("load_launch_content", verbosity=0)
    return client


def test_every_public_claim_on_a_fresh_install_can_be_opened_and_checked(fresh):
    pages = public_pages(fresh)
    assert len(pages) >= 15 and any(p.startswith("/incidents/") for p in pages)
    assert claim_problems(pages) == []


def test_the_walker_fails_on_claims_forced_in_behind_the_services_backs(fresh):
    """The walker can fail: each broken claim below is one it names."""
    now = timezone.now()
    Indicator.objects.create(
        key="forced",
        name="Forced in",
        state="not_met",
        state_label="No",
        note="x",
        updated_at=now,
    )
    pravda = Outlet.objects.get(domain="pravda-fr.com")
    other = Outlet.objects.get(domain="globalleadersinsights.com")
    question = Question.objects.get(slug="what-is-article-4")
    Source.objects.create(
        claim=question, url="https://pravda-fr.com/a", title="Pravda", outlet=pravda
    )
    explainer = Explainer.objects.get(slug="article-5")
    Source.objects.create(
        claim=explainer, url="https://globalleadersinsights.com/a", title="GLI", outlet=other
    )
    Verdict.objects.create(
        state="article4_consultations",
        answer="Not formally",
        headline="Forced.",
        summary="Forced.",
        reason="Forced in without a source.",
        effective_at=now,
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    Question.objects.filter(slug="has-article-5-ever-been-invoked").update(accurate_as_of=tomorrow)
    Explainer.objects.filter(slug="hybrid-threats").update(accurate_as_of=date(2000, 1, 1))
    Indicator.objects.filter(key="article-5").update(accurate_as_of=date(2011, 1, 1))
    drop_cached_pages()  # the pages were cached before the forced changes
    problems = claim_problems(public_pages(fresh))
    text = "\n".join(problems)
    assert "indicator “Forced in” on /: no source a reader can open" in text
    assert "the verdict “Not formally” on /: no source a reader can open" in text
    assert "https://pravda-fr.com/a is from Pravda network (pravda-fr.com), marked as" in text
    assert "https://globalleadersinsights.com/a is from an outlet neither primary nor" in text
    assert f"accurate as of {tomorrow}, which is after today" in text
    assert "accurate as of 2000-01-01, before its source of" in text
    assert (
        "“Article 5 invoked” on /: accurate as of 2011-01-01, before its source of 2011-09-12"
        in text
    )
    assert "/faq/ links https://pravda-fr.com/a, marked as disinformation" in text

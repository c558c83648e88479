"""The launch content: a new site is not empty, and every claim in it can be opened and
checked against the sources the launch research found (docs/research/)."""

import calendar
import html
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from explainers.launch import EXPLAINERS, FAQ
from news.canonical import canonicalize_url
from news.launch import KEY_DOCUMENTS, REPORTING, UNDATED
from news.models import CITABLE as CITABLE_STANDING
from news.models import CuratedLink, LinkState, Outlet
from status.launch import INDICATORS
from status.models import validate_sources

pytestmark = pytest.mark.django_db

RESEARCH = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/research/launch-record-2025.json").read_text()
)
CITABLE = {s["url"]: s for s in RESEARCH["sources"] if s["standing"] in {"primary", "reputable"}}
# Curated links are stored (and shown) in canonical form: the same address, tidied.
CITABLE |= {canonicalize_url(url): source for url, source in CITABLE.items()}
# Claims about this site itself (how often it is checked, where links come from) point to
# the site's own pages, not to outside sources: there is nothing outside to cite.
ABOUT_THE_SITE = {slug for group, slug, *_ in FAQ if group == "This site"}
HREF = re.compile(r'href="(https?://[^"]+)"')

# A year, and a capitalised name before it: "Kyiv Independent ... September 2025".
NAMED_AND_DATED = re.compile(r"[A-Z][\w.’']+.*\b(19|20)\d\d\b", re.DOTALL)
LINK = re.compile(r"\]\(https?://[^)\s]+\)")
# A quotation: three or more words between quotation marks.
INLINE_QUOTE = re.compile(r"[\"“](\S+\s+){2,}[^\"”]*[\"”]")


def _blockquotes(markdown: str) -> list[str]:
    quotes, current = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith(">"):
            current.append(line.lstrip("> "))
        elif current:
            quotes.append("\n".join(current))
            current = []
    return quotes


def _paragraphs(markdown: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", markdown) if not p.startswith(">")]


def _documented(text: str) -> bool:
    return bool(LINK.search(text) or NAMED_AND_DATED.search(text))


def _published(source: dict) -> date | None:
    """The research's date; a month alone counts as its last day (the strict reading)."""
    when = source["published"]
    if not when:
        return None
    year, month, *day = (int(part) for part in when.split("-"))
    return date(year, month, day[0] if day else calendar.monthrange(year, month)[1])


def _external_links(page: str) -> list[str]:
    site = urlsplit(settings.SITE_URL).hostname
    links = [html.unescape(url) for url in HREF.findall(page)]
    return [url for url in links if urlsplit(url).hostname != site]


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start) :].split(end, 1)[0]


def _newest_source(text: str) -> date | None:
    dates = [_published(CITABLE[url]) for url in _external_links(text)]
    return max((d for d in dates if d), default=None)


@pytest.fixture
def launched(client):
    call_command("load_launch_content", verbosity=0)
    pages = {url: client.get(url) for url in ("/", "/faq/", "/news/", "/feeds/news.xml")}
    for explainer in EXPLAINERS:
        url = f"/explainers/{explainer['slug']}/"
        pages[url] = client.get(url)
    assert all(response.status_code == 200 for response in pages.values())
    return {url: response.content.decode() for url, response in pages.items()}


def test_every_explainer_section_and_faq_answer_links_a_source(launched):
    for explainer in EXPLAINERS:
        page = launched[f"/explainers/{explainer['slug']}/"]
        prose = _between(page, '<div class="prose">', "</article>")
        sections = prose.split("<h2")[1:]
        assert len(sections) >= 2, explainer["slug"]
        for section in sections:
            heading = section.split("</h2>")[0]
            assert _external_links(section), f"{explainer['slug']}: {heading} cites no source"
    faq = launched["/faq/"]
    for _, slug, *_ in FAQ:
        answer = _between(faq, f'id="{slug}"', '<p class="meta">')
        if slug in ABOUT_THE_SITE:
            assert 'href="/' in answer, f"{slug} points to none of the site's own pages"
        else:
            assert _external_links(answer), f"the FAQ answer {slug} cites no source"


def test_every_outside_link_is_one_the_research_found_from_a_reputable_or_primary_source(
    launched,
):
    reputable = list(
        Outlet.objects.filter(standing__in=CITABLE_STANDING).values_list("domain", flat=True)
    )
    seen = set()
    for url, page in launched.items():
        for link in _external_links(page):
            seen.add(link)
            assert link in CITABLE, f"{url} links {link}, which the research did not find"
            host = urlsplit(link).hostname
            assert any(host == d or host.endswith(f".{d}") for d in reputable), (url, link)
    # The rule must see what it checks: NATO, the reporting, the indicators' sources.
    assert len(seen) >= 15


def test_no_outlet_the_list_marks_not_reputable_is_cited_anywhere(launched):
    shunned = Outlet.objects.exclude(standing__in=CITABLE_STANDING).values_list("domain", flat=True)
    assert shunned, "the list keeps the outlets it refuses"
    for url, page in launched.items():
        for domain in shunned:
            assert domain not in page, f"{url} cites {domain}"


def test_recent_developments_lists_recent_reporting_and_key_documents_the_treaty(launched):
    home = launched["/"]
    news = _between(home, 'id="news-heading"', "</section>")
    days = [date.fromisoformat(d[:10]) for d in re.findall(r'datetime="([^"]+)"', news)]
    assert len(days) >= 4 and all(day.year >= 2024 for day in days), days
    assert days == sorted(days, reverse=True), "newest first"
    documents = _between(home, 'id="documents-heading"', "</section>")
    for url, *_ in KEY_DOCUMENTS:
        assert f'href="{canonicalize_url(url)}"' in documents and url not in news
    assert "North Atlantic Treaty" in documents
    # /news/ and its feed are reporting too: the 1949 treaty is not news.
    assert "1st5years" not in launched["/news/"] + launched["/feeds/news.xml"]
    for url, *_ in REPORTING:
        assert f'href="{html.escape(canonicalize_url(url))}"' in launched["/news/"]


def test_accurate_as_of_is_no_earlier_than_the_newest_source_and_not_in_the_future(launched):
    today = timezone.localdate()
    checked = 0
    for explainer in EXPLAINERS:
        page = launched[f"/explainers/{explainer['slug']}/"]
        as_of = date.fromisoformat(
            re.search(r'Accurate as of <time datetime="([\d-]+)"', page).group(1)
        )
        newest = _newest_source(_between(page, '<div class="prose">', "</article>"))
        assert newest and newest <= as_of <= today, (explainer["slug"], newest, as_of)
        checked += 1
    faq = launched["/faq/"]
    for _, slug, *_ in FAQ:
        item = _between(faq, f'id="{slug}"', "</div>\n  </div>")
        as_of = date.fromisoformat(
            re.search(r'Accurate as of <time datetime="([\d-]+)"', item).group(1)
        )
        newest = _newest_source(item.split('<p class="meta">')[0])
        assert as_of <= today and (newest is None or newest <= as_of), (slug, newest, as_of)
        checked += 1
    assert checked == len(EXPLAINERS) + len(FAQ)


def test_the_faq_names_both_article_4_requests_and_what_prompted_each():
    answer = next(a for _, slug, _, a in FAQ if slug == "what-is-article-4")
    assert "Poland on 10 September" in answer and "Russian drones" in answer
    assert "Estonia" in answer and "MiG-31" in answer and "19 September" in answer
    assert "after drone incursions into Poland" not in answer


def test_undated_reporting_waits_for_a_moderator_with_its_address(launched):
    for url, title, _ in UNDATED:
        link = CuratedLink.objects.get(title=title)
        assert link.state == LinkState.PENDING and link.url == canonicalize_url(url)
        assert link.missing_for_publication == ["source date"]


def test_launch_links_are_published_through_the_audited_service_once(client):
    from django.contrib.contenttypes.models import ContentType

    from audit.models import Action, AuditEntry
    from incidents.launch import recorded, sources_by_id, usable

    call_command("load_launch_content", verbosity=0)
    call_command("load_launch_content", verbosity=0)
    # The news links, and those the incidents record cites (published by incidents.launch).
    research = sources_by_id()
    cited = {
        canonicalize_url(research[i]["url"]) for r in recorded() for i in usable(r["source_ids"])
    }
    dated = len({canonicalize_url(url) for url, *_ in REPORTING + KEY_DOCUMENTS} | cited)
    assert CuratedLink.objects.filter(state=LinkState.PUBLISHED).count() == dated
    links = ContentType.objects.get_for_model(CuratedLink)
    entries = AuditEntry.objects.filter(action=Action.PUBLISHED, public=True, content_type=links)
    assert entries.count() == dated
    assert CuratedLink.objects.filter(state=LinkState.PENDING).count() == len(UNDATED)


def test_every_indicator_source_has_a_link_or_a_name_and_a_date():
    for indicator in INDICATORS:
        validate_sources(indicator["sources"])  # the model's own rule
        for source in indicator["sources"]:
            assert source.get("url") or NAMED_AND_DATED.search(
                f"{source['title']} {source.get('date', '')}"
            ), (indicator["key"], source)


def test_no_launch_source_is_a_home_page():
    urls = [s["url"] for i in INDICATORS for s in i["sources"] if s.get("url")]
    urls += [url for url, *_ in REPORTING + KEY_DOCUMENTS + UNDATED]
    urls += [u.rstrip(")") for e in EXPLAINERS for u in re.findall(r"https?://\S+", e["body"])]
    for url in urls:
        assert re.match(r"https?://[^/]+/.+", url), f"{url} is a home page, not a source"


def test_every_quotation_in_the_explainers_and_faq_says_who_said_it_where_and_when():
    texts = [(e["slug"], e["body"]) for e in EXPLAINERS]
    texts += [(slug, answer) for _, slug, _, answer in FAQ]
    for slug, text in texts:
        for quote in _blockquotes(text):
            assert _documented(quote), f"{slug}: the quotation {quote!r} has no source"
        for paragraph in _paragraphs(text):
            if INLINE_QUOTE.search(paragraph):
                assert _documented(paragraph), f"{slug}: a quotation without a source"
    assert _blockquotes(EXPLAINERS[-1]["body"]), "the rule must see the quotations it checks"


def test_the_quotation_rule_catches_an_unsourced_quotation():
    assert not _documented('"We are already in conflict with Russia." — a head of government')
    assert _documented("— Friedrich Merz, 29 August 2025, as reported by the Kyiv Independent")
    assert _documented("[NATO](https://www.nato.int/cps/en/natohq/topics_110496.htm)")


def test_the_article_5_explainer_no_longer_calls_geoana_deputy_secretary_general():
    article_5 = next(e for e in EXPLAINERS if e["slug"] == "article-5")["body"]
    assert "Geoan" not in article_5
    table = next(e for e in EXPLAINERS if e["slug"] == "article-4-and-article-5")["body"]
    assert "| |" not in table, "every table header cell names its column"

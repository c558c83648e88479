"""Every public page: one h1, a title, a description, a canonical link, nothing from elsewhere."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/status/history/",
    "/news/",
    "/explainers/",
    "/explainers/article-5/",
    "/faq/",
    "/changelog/",
]


@pytest.fixture
def launched():
    call_command("load_launch_content", verbosity=0)


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.title = ""
        self._in_title = False
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.external: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta[a.get("name") or a.get("property")] = a.get("content", "")
        if tag == "link":
            self.links.append(a)
        if tag in {"script", "link", "img", "iframe"}:
            # The canonical and hreflang links name pages (absolute, as search engines
            # ask); the browser loads neither.
            names_a_page = a.get("rel") == "canonical" or a.get("hreflang")
            ref = a.get("src") or (a.get("href") if tag == "link" and not names_a_page else None)
            if ref and ref.startswith(("http://", "https://", "//")):
                self.external.append(ref)

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_is_well_formed_for_readers_and_search(client, launched, path):
    response = client.get(path)
    assert response.status_code == 200
    head = _Head()
    head.feed(response.content.decode())
    assert head.h1 == 1, f"{path} has {head.h1} h1 elements"
    assert head.title.strip()
    assert head.meta.get("description")
    assert head.meta.get("og:title") and head.meta.get("twitter:card")
    assert head.lang == "en-GB"
    canonical = [link for link in head.links if link.get("rel") == "canonical"]
    assert len(canonical) == 1 and canonical[0]["href"].endswith(path)
    alternates = {link["href"] for link in head.links if link.get("rel") == "alternate"}
    assert {"/feeds/updates.xml", "/feeds/news.xml"} <= alternates
    assert head.external == [], f"{path} loads from elsewhere: {head.external}"


def test_the_home_page_description_carries_the_verdict(client, launched):
    head = _Head()
    head.feed(client.get("/").content.decode())
    assert head.meta["description"].startswith("No.")


def test_the_sitemap_lists_every_public_page_with_lastmod(client, launched):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)}
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in urls}
    for page in PAGES:
        assert page.lstrip("/") in paths, page
    assert all(lastmod is not None for lastmod in urls.values())


def test_the_sitemap_names_the_site_whatever_host_asked_first(client, launched, settings):
    settings.SITE_URL = "https://warstatus.example"
    settings.ALLOWED_HOSTS = ["warstatus.example", "www.warstatus.example"]
    first = client.get("/sitemap.xml", HTTP_HOST="www.warstatus.example").content.decode()
    second = client.get("/sitemap.xml", HTTP_HOST="warstatus.example").content.decode()
    for body in (first, second):
        locations = re.findall(r"<loc>([^<]+)</loc>", body)
        assert locations and all(u.startswith("https://warstatus.example/") for u in locations)


def test_robots_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: " in body and body.strip().endswith("/sitemap.xml")


def test_the_404_page_is_in_the_sites_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'href="/"' in page and "site.css" in page


def test_later_pages_and_outlet_lists_name_themselves_as_canonical(client, settings):
    from audit import services as audit
    from audit.models import Action
    from tests.news.factories import make_links

    settings.SITE_URL = "https://warstatus.example"
    links = make_links(30)
    for n in range(30):
        audit.record(actor=None, action=Action.CHANGED, public=True, summary=f"Change {n}")
    domain = links[0].outlet.domain
    expected = {
        "/news/": "/news/",
        "/news/?page=2": "/news/?page=2",
        f"/news/?outlet={domain}": f"/news/?outlet={domain}",
        "/changelog/?page=2": "/changelog/?page=2",
        "/changelog/?page=1": "/changelog/",
    }
    for path, canonical in expected.items():
        page = client.get(path).content.decode()
        assert f'<link rel="canonical" href="https://warstatus.example{canonical}">' in page, path
        assert f'property="og:url" content="https://warstatus.example{canonical}"' in page, path


def test_an_empty_site_still_describes_itself_and_claims_no_empty_faq(client):
    home = client.get("/").content.decode()
    assert re.search(r'property="og:description" content="[^"]+"', home)
    assert "FAQPage" not in client.get("/faq/").content.decode()


@pytest.mark.django_db
def test_robots_does_not_reveal_where_the_admin_lives_and_the_admin_keeps_crawlers_out(client):
    assert "admin" not in client.get("/robots.txt").content.decode()
    login = client.get("/admin/login/").content.decode()
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in login

"""/sitemap.xml in every language: each page once per language, each entry naming the
page in every language (hreflang) and the English one as x-default."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.conf import settings

from tests.explainers.test_pages import make_explainer
from tests.incidents.factories import make_incident
from tests.status.factories import make_verdict

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
PREFIXES = ["", "pl/", "et/", "lv/", "lt/", "fi/", "ro/", "uk/"]


def _sitemap(client) -> dict[str, dict[str, str]]:
    """Each listed address (without the site) and its alternates, hreflang to address."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    site = settings.SITE_URL
    listed = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc.startswith(site + "/"), loc
        assert url.find("s:lastmod", NS) is not None, loc
        alternates = {
            link.get("hreflang"): link.get("href").removeprefix(site)
            for link in url.findall("x:link", NS)
            if link.get("rel") == "alternate"
        }
        listed[loc.removeprefix(site)] = alternates
    return listed


def test_the_sitemap_lists_every_language_with_alternates_and_x_default(client):
    make_verdict()
    explainer = make_explainer(slug="article-5")
    incident = make_incident()
    listed = _sitemap(client)
    pages = ["/", "/faq/", "/explainers/article-5/", f"/incidents/{incident.pk}/", "/news/"]
    for page in pages:
        every_language = {f"/{prefix}{page.lstrip('/')}" for prefix in PREFIXES}
        assert every_language <= listed.keys(), page
        for address in every_language:
            alternates = listed[address]
            # The page in each language, the English one also as x-default.
            assert alternates["x-default"] == page, address
            assert alternates["en-gb"] == page, address
            assert alternates["pl"] == f"/pl{page}", address
            assert alternates["uk"] == f"/uk{page}", address
            assert len(alternates) == len(PREFIXES) + 1, address
    assert explainer.get_absolute_url() == "/explainers/article-5/"  # English unprefixed


def test_the_sitemap_reads_each_pages_date_once_for_all_its_languages(
    client, django_assert_max_num_queries
):
    make_verdict()
    make_explainer(slug="article-5")
    # One query per fixed page (9), one per list of objects, a few of the page cache's:
    # not eight times the pages.
    with django_assert_max_num_queries(20):
        assert client.get("/sitemap.xml").status_code == 200

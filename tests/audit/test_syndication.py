"""Each language's updates feed: its own title and address, and links to the pages in
that language, so a Polish reader's feed reader opens Polish pages."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "http://127.0.0.1:8000"


def _links(element) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in element.findall(f"{ATOM}link")}


def test_each_languages_feed_links_its_own_pages(client):
    call_command("load_launch_content", verbosity=0)
    polish = ElementTree.fromstring(client.get("/pl/feeds/updates.xml").content)
    assert polish.find(f"{ATOM}title").text.startswith("Czy NATO jest w stanie wojny z Rosją?")
    assert _links(polish) == {
        "alternate": f"{SITE}/pl/changelog/",
        "self": f"{SITE}/pl/feeds/updates.xml",
    }
    entries = polish.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith(f"{SITE}/pl/"), entry

    english = ElementTree.fromstring(client.get("/feeds/updates.xml").content)
    assert english.find(f"{ATOM}title").text == "Is NATO at war with Russia? — updates"
    assert _links(english)["self"] == f"{SITE}/feeds/updates.xml"
    for entry in english.findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(f"{SITE}/") and not href.startswith(f"{SITE}/pl/")

    # Every Polish page names the Polish feeds; the English pages the English ones.
    page = client.get("/pl/explainers/").content.decode()
    assert re.search(
        r'type="application/atom\+xml" title="[^"]+" href="/pl/feeds/updates.xml"', page
    )
    assert 'href="/pl/feeds/news.xml"' in page
    assert 'href="/feeds/updates.xml"' in client.get("/explainers/").content.decode()

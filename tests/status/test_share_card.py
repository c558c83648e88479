"""Each page its own share card, and the card's picture drawn from the current verdict."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from status import services
from status.models import State, Verdict
from tests.status.factories import make_verdict

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = [
    "/",
    "/status/history/",
    "/news/",
    "/explainers/",
    "/explainers/article-5/",
    "/faq/",
    "/changelog/",
    "/subscribe/",
    "/privacy/",
]


def _meta(page: str) -> dict[str, str]:
    pairs = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page)
    return dict(pairs)


def test_every_public_page_has_its_own_share_title_and_description(client):
    call_command("load_launch_content", verbosity=0)
    cards = {path: _meta(client.get(path).content.decode()) for path in SHARED}
    titles = [card["og:title"] for card in cards.values()]
    descriptions = [card["og:description"] for card in cards.values()]
    assert len(set(titles)) == len(SHARED), titles
    assert len(set(descriptions)) == len(SHARED), descriptions
    verdict = Verdict.objects.current()
    for path, card in cards.items():
        assert card["twitter:card"] == "summary_large_image", path
        assert card["og:image"].endswith(f"/share.png?v={verdict.pk}"), path
        assert (card["og:image:width"], card["og:image:height"]) == ("1200", "630")


def test_the_share_picture_is_a_1200_by_630_png_redrawn_when_the_verdict_changes(client):
    make_verdict()
    first = client.get("/share.png")
    assert first.status_code == 200 and first["Content-Type"] == "image/png"
    assert "public" in first["Cache-Control"] and first.has_header("ETag")
    assert Image.open(io.BytesIO(first.content)).size == (1200, 630)
    assert client.get("/share.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    services.change_verdict(
        user=None,
        state=State.ARTICLE5_INVOKED,
        answer="Yes",
        headline="Article 5 has been invoked.",
        summary="s",
        reason="The North Atlantic Council invoked Article 5.",
    )
    second = client.get("/share.png")
    assert second["ETag"] != first["ETag"] and second.content != first.content
    # A new verdict is a new address, so sites that keep pictures by address fetch it.
    page = client.get("/").content.decode()
    assert f"/share.png?v={Verdict.objects.current().pk}" in page


def test_the_share_picture_is_drawn_even_before_the_first_verdict(client):
    response = client.get("/share.png")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_the_404_page_claims_no_canonical_address_and_asks_not_to_be_indexed(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):  # a junk address costs no query
        page = client.get("/no-such-page/").content.decode()
    assert 'rel="canonical"' not in page and 'property="og:url"' not in page
    assert 'property="og:image"' not in page
    assert '<meta name="robots" content="noindex">' in page


def test_pages_link_a_favicon_and_app_icons_that_exist(client):
    page = client.get("/").content.decode()
    icons = re.findall(
        r'<link rel="(?:icon|apple-touch-icon|manifest)" href="/static/([^"]+)"', page
    )
    assert len(icons) == 4
    for name in icons:
        assert (ROOT / "static" / name).is_file(), name
    sizes = {
        "favicon-32.png": 32,
        "apple-touch-icon.png": 180,
        "icon-192.png": 192,
        "icon-512.png": 512,
    }
    for name, size in sizes.items():
        with Image.open(ROOT / "static" / "img" / name) as image:
            assert image.size == (size, size), name

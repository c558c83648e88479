"""Launch translations of the triggers and the Article 5 and Article 4 explainers: shown in
every language marked "not yet reviewed", never loaded for English edited since they were
written, and an English change shows the English at once with the updating line."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command

from explainers import launch as explainers_launch
from news import services_sources
from status import launch as status_launch
from status.models import Indicator
from status.services.indicators import update_indicator
from status.translated import INDICATOR
from tests.factories import make_user
from tests.translations.test_pages import UPDATING
from translations import services
from translations.apps import translator_role
from translations.models import LiveTranslation

pytestmark = pytest.mark.django_db

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]
# The launch trigger "Article 5 invoked" and the Article 5 explainer's title, as written.
ARTICLE_5_TRIGGER = {
    "pl": "Uruchomienie art. 5",
    "et": "Artikli 5 käivitamine",
    "lv": "5. panta piemērošana",
    "lt": "5 straipsnio taikymas",
    "fi": "Artikla 5 otettu käyttöön",
    "ro": "Invocarea articolului 5",
    "uk": "Застосування статті 5",
}
ARTICLE_5_TITLE = {
    "pl": "Art. 5 w skrócie",
    "et": "Artikkel 5 lahti seletatuna",
    "lv": "5. pants skaidrojumā",
    "lt": "5 straipsnis paaiškintas",
    "fi": "Artikla 5 selitettynä",
    "ro": "Articolul 5, pe înțeles",
    "uk": "Стаття 5: пояснення",
}
NOT_REVIEWED = '<p class="translation-note">'
LINE = UPDATING["pl"]


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _trigger(page: str, key: str) -> str:
    found = re.search(rf'<li class="indicator" id="indicator-{key}">(.*?)</li>', page, re.S)
    assert found is not None, key
    return found.group(1)


def test_launch_texts_show_not_yet_reviewed(client, launched):
    for code in LANGUAGES:
        home = _page(client, f"/{code}/")
        trigger = _trigger(home, "article-5")
        assert f"<h3>{ARTICLE_5_TRIGGER[code]}</h3>" in trigger, code
        assert NOT_REVIEWED in trigger and 'lang="en-GB"' not in trigger, code
        # The explainers' list on the home page and on /explainers/, titles translated.
        assert f">{ARTICLE_5_TITLE[code]}</a>" in home, code
        assert f">{ARTICLE_5_TITLE[code]}</a>" in _page(client, f"/{code}/explainers/"), code
        for slug in ("article-5", "article-4-and-article-5"):
            page = _page(client, f"/{code}/explainers/{slug}/")
            assert NOT_REVIEWED in page and UPDATING[code] not in page, (code, slug)
            assert '<div lang="en-GB">' not in page, (code, slug)
        page = _page(client, f"/{code}/explainers/article-5/")
        assert f"<h1>{ARTICLE_5_TITLE[code]}</h1>" in page
        # The English anchors, under the language's own headings.
        assert '<h2 id="sec-what-article-5-says">' in page
        api = json.loads(_page(client, f"/{code}/api/status.json"))
        article5 = next(i for i in api["indicators"] if i["key"] == "article-5")
        assert (article5["name"], article5["language"]) == (ARTICLE_5_TRIGGER[code], code)
    assert "Translation not yet reviewed" not in _page(client, "/explainers/article-5/")
    # Signals had no launch translation: English, marked so.
    assert 'lang="en-GB"' in _trigger(_page(client, "/pl/"), "article-4")


def test_review_removes_the_mark_and_records_the_reviewer(client, launched):
    reviewer = make_user("ewa", role=translator_role("pl"))
    indicator = Indicator.objects.get(key="article-5")
    live = LiveTranslation.objects.get(kind=INDICATOR, object_id=indicator.pk, language="pl")
    assert not live.reviewed and live.approved_by is None
    services.review_launch_translation(user=reviewer, live=live)
    live.refresh_from_db()
    assert live.reviewed and live.approved_by == reviewer
    trigger = _trigger(_page(client, "/pl/"), "article-5")
    assert NOT_REVIEWED not in trigger and ARTICLE_5_TRIGGER["pl"] in trigger
    assert NOT_REVIEWED in _trigger(_page(client, "/et/"), "article-5")


def test_changing_an_indicator_shows_english_with_the_updating_line_in_every_language(
    client, launched
):
    for code in LANGUAGES:  # each page cached first
        _page(client, f"/{code}/")
    indicator = Indicator.objects.get(key="article-5")
    update_indicator(
        user=None,
        indicator=indicator,
        state=indicator.state,
        state_label="No",
        note="Article 5 has been invoked only once, in 2001. Not in relation to Russia.",
        sources=services_sources.as_json(services_sources.source_rows(indicator)),
        expected_version=indicator.version,
    )
    for code in LANGUAGES:
        trigger = _trigger(_page(client, f"/{code}/"), "article-5")
        assert UPDATING[code] in trigger, code
        assert '<div class="indicator-head" lang="en-GB"><h3>Article 5 invoked</h3>' in trigger
        assert '<p lang="en-GB">Article 5 has been invoked only once, in 2001.' in trigger
        assert ARTICLE_5_TRIGGER[code] not in trigger
        # The other trigger did not change: still translated.
        assert UPDATING[code] not in _trigger(_page(client, f"/{code}/"), "declaration-of-war")
        api = json.loads(_page(client, f"/{code}/api/status.json"))
        article5 = next(i for i in api["indicators"] if i["key"] == "article-5")
        assert article5["language"] == "en-GB" and article5["updating_since"] is not None
        assert article5["name"] == "Article 5 invoked"


@pytest.fixture
def edited_launch_english():
    """The launch English edited after its translations were written: one section of the
    Article 5 explainer, and the note of one trigger."""
    article5 = explainers_launch.EXPLAINERS[0]
    body, note = article5["body"], status_launch.INDICATORS[1]["note"]
    assert article5["slug"] == "article-5"
    assert status_launch.INDICATORS[1]["key"] == "declaration-of-war"
    article5["body"] = body.replace(
        "It has never been invoked\nin relation to Russia.",
        "It has never been invoked in relation to Russia, as of this writing.",
    )
    status_launch.INDICATORS[1]["note"] = note + " Edited."
    assert article5["body"] != body
    yield
    article5["body"], status_launch.INDICATORS[1]["note"] = body, note


def test_a_launch_text_for_edited_english_is_not_loaded(client, edited_launch_english):
    call_command("load_launch_content", verbosity=0)
    page = _page(client, "/pl/explainers/article-5/")
    # The edited section: English, with the line; the rest of the page is Polish.
    assert page.count(LINE) == 1
    assert "as of this writing." in page
    assert "Nigdy nie uruchomiono go w związku" not in page
    assert "Co mówi art. 5" in page and "Gdzie obowiązuje" in page
    # The trigger whose note changed is English whole; the other one is translated.
    home = _page(client, "/pl/")
    assert "Formalne wypowiedzenie wojny" not in home
    assert LINE in _trigger(home, "declaration-of-war")
    assert ARTICLE_5_TRIGGER["pl"] in _trigger(home, "article-5")

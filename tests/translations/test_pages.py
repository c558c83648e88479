"""The safety rule: a translated page never shows an answer older than the English one.

With the page cache on, the request right after the English verdict changes shows the new
English answer in every language, with a line in that language saying the translation is
being updated and since when; approving the new translation replaces it."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from status.translated import VERDICT
from tests.factories import make_user
from tests.status.factories import invoke_article5
from translations import services
from translations.apps import translator_role

pytestmark = pytest.mark.django_db

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]
# Each catalogue's "being updated" line, up to where the date goes in.
UPDATING = {
    "pl": "Tłumaczenie jest aktualizowane (od ",
    "et": "Tõlget uuendatakse (alates ",
    "lv": "Tulkojums tiek atjaunināts (kopš ",
    "lt": "Vertimas atnaujinamas (nuo ",
    "fi": "Käännöstä päivitetään (",
    "ro": "Traducerea este în curs de actualizare (din ",
    "uk": "Переклад оновлюється (з ",
}
NOT_REVIEWED = {
    "pl": "Tłumaczenie jeszcze niesprawdzone",
    "fi": "Käännöstä ei ole vielä tarkistettu",
    "uk": "Переклад ще не перевірено",
}
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _feed_entry(client, code: str, verdict_pk: int):
    feed = ElementTree.fromstring(client.get(f"/{code}/feeds/updates.xml").content)
    for entry in feed.iter(f"{ATOM}entry"):
        if entry.find(f"{ATOM}link").get("href").endswith(f"#verdict-{verdict_pk}"):
            return feed, entry
    raise AssertionError(f"no entry for verdict {verdict_pk} in the {code} feed")


def test_launch_texts_show_not_yet_reviewed(client, launched):
    for code, mark in NOT_REVIEWED.items():
        page = client.get(f"/{code}/").content.decode()
        assert mark in page
        api = json.loads(client.get(f"/{code}/api/status.json").content)
        assert api["translation"]["verdict"] == "unreviewed"
    assert "Czy NATO jest w stanie wojny z Rosją?" in client.get("/pl/").content.decode()
    assert '<p class="answer state-no_war">Nie</p>' in client.get("/pl/").content.decode()


def test_changing_the_english_verdict_shows_the_new_english_answer_with_the_updating_line_in_every_language(
    client, launched
):
    for code in LANGUAGES:  # every page cached, in every language
        client.get(f"/{code}/"), client.get(f"/{code}/api/status.json")
        client.get(f"/{code}/feeds/updates.xml")
    assert '<p class="answer state-no_war">Nie</p>' in client.get("/pl/").content.decode()
    new = invoke_article5(None)
    english = client.get("/").content.decode()
    assert '<p class="answer state-article5_invoked">Yes</p>' in english
    for code in LANGUAGES:
        page = client.get(f"/{code}/").content.decode()
        assert UPDATING[code] in page, code
        assert '<p class="answer state-article5_invoked" lang="en-GB">Yes</p>' in page, code
        assert '<p class="headline" lang="en-GB">Article 5 invoked.</p>' in page, code
        assert '<div lang="en-GB"><p>The North Atlantic Council invoked Article 5.</p>' in page
        api = json.loads(client.get(f"/{code}/api/status.json").content)
        assert api["answer"] == "Yes" and api["headline"] == "Article 5 invoked.", code
        assert api["language"] == code
        assert api["translation"]["verdict"] == "updating"
        assert api["translation"]["verdict_language"] == "en-GB"
        assert api["translation"]["updating_since"] is not None
        feed, entry = _feed_entry(client, code, new.pk)
        assert feed.get(XML_LANG) == code
        assert entry.get(XML_LANG) == "en-GB"
        assert UPDATING[code] in entry.find(f"{ATOM}summary").text, code


def test_approving_the_translation_replaces_it(client, launched):
    new = invoke_article5(None)
    anna = make_user("anna", role=translator_role("pl"))
    bartek = make_user("bartek", role=translator_role("pl"))
    submission = services.submit_translation(
        user=anna,
        kind=VERDICT,
        object_id=new.pk,
        language="pl",
        texts={
            "answer": "Tak",
            "headline": "Uruchomiono art. 5.",
            "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
            "reason": "Art. 5 uruchomiono dziś.",
        },
        seen_version=1,
    )
    # Submitted, not approved: still the English with the line.
    assert UPDATING["pl"] in client.get("/pl/").content.decode()
    services.approve_translation(user=bartek, submission=submission)
    page = client.get("/pl/").content.decode()
    # The answer box (the launch triggers below it keep their own "not yet reviewed").
    box = page[page.index('<section class="verdict') : page.index("</section>")]
    assert UPDATING["pl"] not in box and "Tłumaczenie jeszcze niesprawdzone" not in box
    assert '<p class="answer state-article5_invoked">Tak</p>' in page
    # "Changed ... from Nie to Tak": the previous verdict in Polish too.
    assert "z Nie na Tak" in page
    api = json.loads(client.get("/pl/api/status.json").content)
    assert (api["answer"], api["translation"]["verdict"]) == ("Tak", "current")
    assert api["verdict_label"] == "Uruchomiono art. 5"
    _, entry = _feed_entry(client, "pl", new.pk)
    assert entry.get(XML_LANG) == "pl"
    assert entry.find(f"{ATOM}title").text == "Werdykt: „Tak” (Uruchomiono art. 5)."
    # Other languages still wait for theirs.
    assert UPDATING["et"] in client.get("/et/").content.decode()


def test_the_english_pages_and_api_are_unchanged_by_translations(client, launched):
    page = client.get("/").content.decode()
    assert "translation-note" not in page and "Nie" not in page
    api = json.loads(client.get("/api/status.json").content)
    assert "language" not in api and "translation" not in api
    assert api["answer"] == "No" and api["url"].endswith("/")
    feed = ElementTree.fromstring(client.get("/feeds/updates.xml").content)
    assert all(entry.get(XML_LANG) is None for entry in feed.iter(f"{ATOM}entry"))


def test_an_english_edit_that_skips_the_service_still_shows_english(client, launched):
    """The rule holds by the fingerprint the page compares, not by callers remembering."""
    from status.models import Verdict

    Verdict.objects.filter(pk=launched.pk).update(headline="Edited in place.")
    page = client.get("/pl/").content.decode()
    assert UPDATING["pl"] in page
    assert '<p class="headline" lang="en-GB">Edited in place.</p>' in page


def test_a_launch_text_for_edited_english_is_not_loaded(db):
    from django.core.management import call_command

    from status import launch
    from translations.models import LiveTranslation

    original = launch.VERDICT["headline"]
    launch.VERDICT["headline"] = "A headline the translations were not written for."
    try:
        call_command("load_launch_content", verbosity=0)
    finally:
        launch.VERDICT["headline"] = original
    assert not LiveTranslation.objects.filter(kind=VERDICT).exists()

"""The shared cache and the languages: deploy/varnish/default.vcl in a real varnishd.

Each language's page is its own address (/pl/, /uk/, ...), so Varnish keeps one copy per
language, whatever a browser's Accept-Language says; a purge by surrogate key drops every
language's copies at once, so no translated page outlives the English answer."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from status.translated import VERDICT
from tests.factories import make_user
from tests.status.factories import invoke_article5
from translations import services as translation_services
from translations.apps import translator_role

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("pl", "et", "lv", "lt", "fi", "ro", "uk")
POLISH_NO = '<p class="answer state-no_war">Nie</p>'
ENGLISH_YES = '<p class="answer state-article5_invoked" lang="en-GB">Yes</p>'


def _launch(settings) -> None:
    """The launch content: the verdict "No", translated into every language (loaded with
    no cache to purge: its hundred audit entries would each send one)."""
    targets, settings.CACHE_PURGE_URLS = settings.CACHE_PURGE_URLS, []
    call_command("load_launch_content", verbosity=0)
    settings.CACHE_PURGE_URLS = targets


def test_a_purge_by_key_reaches_every_language(cache, editor, settings):
    _launch(settings)
    pages = ["/", "/api/status.json", "/pl/api/status.json", "/uk/badge.svg"]
    pages += [f"/{code}/" for code in LANGUAGES]
    for path in pages:
        cache.get(path)
        assert cache.get(path).headers["X-Cache"] == "HIT", path

    assert cache.purge("status").status_code == 200
    assert {path: cache.get(path).headers["X-Cache"] for path in pages} == dict.fromkeys(
        pages, "MISS"
    )
    assert POLISH_NO in cache.get("/pl/").text
    cache.get("/pl/feeds/updates.xml")

    # Through the real service: the English verdict changes, the worker purges by key,
    # and every language's page shows the new English answer (each home page fetched
    # again by the worker, so its first reader gets a hit), not the cached "Nie".
    invoke_article5(editor)
    for code in LANGUAGES:
        home = cache.get(f"/{code}/")
        assert ENGLISH_YES in home.text, code
        assert home.headers["X-Cache"] == "HIT", code
    assert cache.get("/uk/api/status.json").json()["answer"] == "Yes"
    # The feed carries the changelog's key, which every public change purges.
    assert "Tłumaczenie jest aktualizowane" in cache.get("/pl/feeds/updates.xml").text


def test_an_approved_translation_purges_the_translated_pages_not_the_english(
    cache, editor, settings
):
    _launch(settings)
    new = invoke_article5(editor)
    for path in ("/", "/pl/", "/et/"):
        cache.get(path)
        assert cache.get(path).headers["X-Cache"] == "HIT", path
    anna = make_user("anna", role=translator_role("pl"))
    bartek = make_user("bartek", role=translator_role("pl"))
    submission = translation_services.submit_translation(
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
    assert cache.get("/pl/").headers["X-Cache"] == "HIT"  # a submission purges nothing
    translation_services.approve_translation(user=bartek, submission=submission)
    assert '<p class="answer state-article5_invoked">Tak</p>' in cache.get("/pl/").text
    assert cache.get("/").headers["X-Cache"] == "HIT"


def test_varnish_keeps_one_copy_per_language_whatever_accept_language(cache, settings):
    _launch(settings)
    first = cache.get("/pl/", **{"Accept-Language": "en-GB,en;q=0.9"})
    assert first.headers["X-Cache"] == "MISS" and POLISH_NO in first.text
    for browser in ("fi", "uk-UA,uk;q=0.9", "pl", "*"):
        again = cache.get("/pl/", **{"Accept-Language": browser})
        assert (again.headers["X-Cache"], again.text) == ("HIT", first.text), browser
    english = cache.get("/", **{"Accept-Language": "pl-PL,pl;q=0.9"})
    assert '<p class="answer state-no_war">No</p>' in english.text
    assert cache.get("/", **{"Accept-Language": "et"}).headers["X-Cache"] == "HIT"
    assert "Vary" not in first.headers or "Accept-Language" not in first.headers["Vary"]

    # Even a page that says it varies by Accept-Language (a stray middleware) is one
    # copy: the header never reaches the site.
    settings.ROOT_URLCONF = "tests.edge.urls"
    polish = cache.get("/says-its-language/", **{"Accept-Language": "pl"})
    finnish = cache.get("/says-its-language/", **{"Accept-Language": "fi"})
    assert polish.text == "Accept-Language: "
    assert (finnish.headers["X-Cache"], finnish.text) == ("HIT", polish.text)

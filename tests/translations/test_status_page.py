"""/translations/ in every language: what readers of each language get in English while
its translation is updated, and since when; a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.uktime import uk_datetime
from status.translated import VERDICT
from tests.conftest import drop_cached_pages
from tests.status.factories import invoke_article5
from tests.translations.admin_client import translator
from tests.translations.kinds import make_noted, note_kind
from translations import services
from translations.models import SourceVersion

pytestmark = pytest.mark.django_db
__all__ = ["note_kind"]

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]
POLISH = {
    "answer": "Tak",
    "headline": "Uruchomiono art. 5.",
    "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
    "reason": "Art. 5 uruchomiono dziś.",
}


def _section(page: str, code: str) -> str:
    start = page.index(f'<section aria-labelledby="lang-{code}"')
    return page[start : page.index("</section>", start)]


def test_the_public_status_page_lists_lag_since(client, launched):
    for path in ["/translations/", *(f"/{code}/translations/" for code in LANGUAGES)]:
        page = client.get(path).content.decode()  # cached, in every language
        assert "Article 5 invoked." not in page
    verdict = invoke_article5(None)
    since = SourceVersion.objects.get(kind=VERDICT, object_id=verdict.pk).created_at
    english = client.get("/translations/").content.decode()
    assert "<h1>Translation status</h1>" in english
    for code in LANGUAGES:
        section = _section(english, code)
        assert "Verdict: Yes: Article 5 invoked." in section, code
        assert f"in English since {uk_datetime(since)}" in section, code
    polish = client.get("/pl/translations/").content.decode()
    assert "<h1>Stan tłumaczeń</h1>" in polish
    section = _section(polish, "pl")
    assert '<h2 id="lang-pl" lang="pl">polski</h2>' in section
    assert '<span lang="en-GB"><a href="/pl/status/history/#verdict-' in section
    assert "po angielsku od " in section
    # The launch verdict, translated but not yet reviewed, is said to be so.
    assert "Tłumaczenie jeszcze niesprawdzone" in section
    # Approved: the next request shows Polish caught up, the others still behind.
    anna, _ = translator("anna")
    bartek, _ = translator("bartek")
    submission = services.submit_translation(
        user=anna, kind=VERDICT, object_id=verdict.pk, language="pl", texts=POLISH, seen_version=1
    )
    services.approve_translation(user=bartek, submission=submission)
    for path in ["/translations/", "/fi/translations/"]:
        page = client.get(path).content.decode()
        assert "Article 5 invoked." not in _section(page, "pl"), path
        assert "Article 5 invoked." in _section(page, "et"), path


def test_the_status_page_is_in_the_sitemap_and_names_what_it_shows(client, launched):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/translations/</loc>" in sitemap
    keys = set(client.get("/translations/")["Surrogate-Key"].split())
    # Purged by any change to what it lists: the verdict and indicators, and the
    # explainers, FAQ and incidents registered for translation.
    assert keys == {"all", "status", "translated", "explainers", "faq", "incidents"}


def test_the_status_page_makes_the_same_queries_for_one_object_or_many(client, note_kind):
    def queries(path: str) -> int:
        drop_cached_pages()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    make_noted(1)
    few = queries("/translations/"), queries("/pl/translations/")
    for n in range(2, 40):
        make_noted(n)
    many = queries("/translations/"), queries("/pl/translations/")
    assert many == few
    page = client.get("/translations/").content.decode()
    assert page.count("Drones over Poland") == 39 * 7
    assert few[0] <= 6, few


def test_a_draft_is_never_listed(client, monkeypatch):
    """A kind without readers_see lists its model's published() rows only."""
    from django.db import transaction

    from explainers.models import Question
    from translations import registry

    monkeypatch.setitem(registry.KINDS, "test-question", None)
    registry.register(kind="test-question", model=Question, fields=("question", "answer"))
    with transaction.atomic():
        for slug, published in [("public", True), ("draft", False)]:
            question = Question.objects.create(
                slug=slug, question=f"A {slug} question?", answer="Yes.", published=published
            )
            services.record_source(kind="test-question", obj=question)
    page = client.get("/translations/").content.decode()
    assert "A public question?" in page and "A draft question?" not in page
    _, translator_client = translator("anna")
    queue = translator_client.get("/admin/translations/submission/queue/pl/").content.decode()
    assert "A public question?" in queue and "A draft question?" not in queue

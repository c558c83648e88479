"""Each language's pages make the English page's queries: translations ride on the query
each page makes anyway (scalar subqueries in the same SELECT), never one per object."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGES = ["/", "/explainers/article-5/", "/explainers/article-4-and-article-5/", "/faq/"]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@pytest.fixture
def uncached(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_each_languages_explainer_faq_and_home_make_the_english_pages_queries(
    client, launched, uncached, settings, django_assert_num_queries
):
    for path in PAGES:
        _queries(client, path)  # warm what a process reads once (content types, ...)
        english = _queries(client, path)
        for code in settings.SITE_LANGUAGES:
            with django_assert_num_queries(english):
                assert client.get(f"/{code}{path}").status_code == 200


def test_a_polish_explainer_with_a_changed_section_makes_the_same_queries(
    client, launched, uncached, django_assert_num_queries
):
    from explainers import services
    from explainers.models import Explainer

    explainer = Explainer.objects.get(slug="article-5")
    services.save_explainer(
        user=None,
        explainer=explainer,
        expected_version=explainer.version,
        body=explainer.body.replace("only once", "just once"),
    )
    english = _queries(client, "/explainers/article-5/")
    with django_assert_num_queries(english):
        page = client.get("/pl/explainers/article-5/").content.decode()
    assert "just once" in page

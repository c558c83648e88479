"""Explainers and FAQ answers cite sources readers can open; publishing refuses one
without a source from a primary source or a reputable outlet, in the services and so in
the admin."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from explainers import services
from explainers.models import Explainer, ExplainerState, Question
from news.models import Outlet, Standing
from tests.explainers.conftest import SOURCED
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PAGE = {
    "slug": "article-5",
    "title": "Article 5 explained",
    "summary": "The clause.",
    "body": "An attack on one is an attack on all.",
}


def test_a_page_without_a_source_is_refused_publishing_but_may_stay_a_draft():
    with pytest.raises(ValidationError) as refused:
        services.save_explainer(user=None, state=ExplainerState.PUBLISHED, **PAGE)
    assert refused.value.messages == [
        "The explainer “Article 5 explained” cannot be published: it has no source. Add a "
        "page readers can open from a primary source (NATO, a government, a parliament, a "
        "court) or a reputable outlet."
    ]
    assert not Explainer.objects.exists()
    draft = services.save_explainer(user=None, state=ExplainerState.DRAFT, **PAGE)
    with pytest.raises(ValidationError, match="cannot be published"):
        services.save_explainer(user=None, explainer=draft, state=ExplainerState.PUBLISHED)
    services.save_explainer(user=None, explainer=draft, state=ExplainerState.PUBLISHED, **SOURCED)
    assert Explainer.objects.published().get().sources.get().url == "https://www.nato.int/"


def test_a_faq_answer_without_a_source_is_refused_publishing():
    with pytest.raises(ValidationError, match=re.escape("The FAQ answer “Q?” cannot be published")):
        services.save_question(user=None, slug="q", question="Q?", answer="A.", published=True)
    assert not Question.objects.exists()


def test_readers_can_open_the_sources_of_a_page_and_of_an_answer(client):
    services.save_explainer(
        user=None,
        state=ExplainerState.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
        sources=[
            {
                "url": "https://www.nato.int/a5",
                "title": "NATO: Article 5",
                "published_on": "2023-07-18",
            }
        ],
        **PAGE,
    )
    services.save_question(
        user=None, slug="q", question="Q?", answer="A.", published=True, **SOURCED
    )
    page = client.get("/explainers/article-5/").content.decode()
    assert '<h2 id="sources-heading">Sources</h2>' in page
    assert (
        '<a href="https://www.nato.int/a5">NATO: Article 5</a>, <time datetime="2023-07-18">'
        in page
    )
    faq = client.get("/faq/").content.decode()
    assert 'Source: <a href="https://www.nato.int/">NATO</a></p>' in faq


def _admin_form(**extra) -> dict:
    prefix = "news-source-content_type-object_id"
    return {
        **PAGE,
        "state": "published",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "10:00:00",
        "order": "0",
        "audit_public": "on",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        **{f"{prefix}-0-{k}": v for k, v in extra.items()},
    }


def test_an_editor_adds_a_pages_sources_as_rows_and_the_rule_shows_beside_them(client):
    client.force_login(make_user("root", superuser=True))
    Outlet.objects.create(name="A blog", domain="blog.example", standing=Standing.OTHER)
    refused = client.post(
        "/admin/explainers/explainer/add/",
        _admin_form(url="https://blog.example/a5", title="A blog post"),
    )
    assert refused.status_code == 200
    assert "none of its sources is from a primary source" in refused.content.decode()
    assert not Explainer.objects.exists()
    added = client.post(
        "/admin/explainers/explainer/add/",
        _admin_form(url="https://www.nato.int/a5", title="NATO: Article 5"),
    )
    assert added.status_code == 302
    explainer = Explainer.objects.get()
    assert [s.title for s in explainer.sources.all()] == ["NATO: Article 5"]
    assert explainer.sources.get().outlet.standing == Standing.PRIMARY

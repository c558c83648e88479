"""Honest dates: "accurate as of" (checked against the sources) apart from "last edited"."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from explainers import services
from explainers.launch import EXPLAINERS, FAQ, PUBLISHED, accurate_as_of
from explainers.models import Explainer, ExplainerState, Question
from tests.explainers.conftest import SOURCED
from tests.status.factories import nato

pytestmark = pytest.mark.django_db


def make_explainer(**kw):
    data = {
        "slug": "article-5",
        "title": "Article 5 explained",
        "summary": "The clause.",
        "body": "An attack on one is an attack on all.",
        "state": ExplainerState.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
        **SOURCED,
    }
    nato()  # the outlet its source is credited to (other tests' folders use this too)
    return services.save_explainer(user=None, **{**data, **kw})


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_an_explainer_says_when_it_was_checked_against_its_sources_apart_from_edited(client):
    make_explainer(accurate_as_of=date(2025, 10, 2))

    page = client.get("/explainers/article-5/").content.decode()

    assert 'Accurate as of <time datetime="2025-10-02">2 October 2025</time>' in page
    assert "last edited <time" in page


def test_a_page_nobody_has_checked_says_so_instead_of_a_date(client):
    make_explainer()

    page = client.get("/explainers/article-5/").content.decode()

    assert "Not yet checked against its sources" in page
    assert "Accurate as of" not in page


@pytest.mark.parametrize("save", ["explainer", "question"])
def test_an_accurate_as_of_date_in_the_future_is_refused(save):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        if save == "explainer":
            make_explainer(accurate_as_of=tomorrow)
        else:
            services.save_question(
                user=None, slug="q", question="Q?", answer="A.", accurate_as_of=tomorrow
            )


def test_launch_pages_carry_their_own_dates_not_the_install_time(client):
    call_command("load_launch_content", "--if-empty", verbosity=0)
    today = timezone.localdate().isoformat()

    page = client.get("/explainers/article-5/").content.decode()
    article = json_ld(page)
    assert not article["datePublished"].startswith(today)
    assert not article["dateModified"].startswith(today)
    assert "Accurate as of" in page
    assert f'datetime="{today}' not in page

    faq = client.get("/faq/").content.decode()
    assert faq.count("Accurate as of") == Question.objects.published().count()
    assert f'datetime="{today}' not in faq


def test_an_editor_sets_accurate_as_of_in_the_admin_and_readers_see_it(client):
    from tests.factories import EDITORS, make_user

    explainer = make_explainer()
    client.force_login(make_user("ed", role=EDITORS))
    form = {
        "title": explainer.title,
        "slug": explainer.slug,
        "summary": explainer.summary,
        "body": explainer.body,
        "accurate_as_of": "2025-11-03",
        "state": explainer.state,
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "order": 0,
        "expected_version": explainer.version,
        "audit_note": "Checked against NATO's statements.",
    }

    response = client.post(f"/admin/explainers/explainer/{explainer.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    page = client.get("/explainers/article-5/").content.decode()
    assert "Accurate as of <time" in page and "3 November 2025" in page


def test_the_launch_texts_source_dates_are_the_researchs():
    research = json.loads(
        (Path(__file__).resolve().parents[2] / "docs/research/launch-record-2025.json").read_text()
    )
    shown = {s["url"]: s["published"] for s in research["sources"]}
    for url, published in PUBLISHED.items():
        # A month alone ("2024-05") is counted as its last day, the strict reading.
        assert published.isoformat().startswith(shown[url]), url
    for text in [e["body"] for e in EXPLAINERS] + [answer for *_, answer in FAQ]:
        cited = [published for url, published in PUBLISHED.items() if url in text]
        assert all(published <= accurate_as_of(text) for published in cited)


@pytest.mark.parametrize("save", ["explainer", "question"])
def test_accurate_as_of_before_the_newest_source_is_refused_and_nothing_is_saved(save):
    dated = [{**SOURCED["sources"][0], "published_on": "2025-09-19"}]
    with pytest.raises(ValidationError) as refused:
        if save == "explainer":
            make_explainer(accurate_as_of=date(2025, 9, 10), sources=dated)
        else:
            services.save_question(
                user=None,
                slug="q",
                question="Q?",
                answer="A.",
                published=True,
                accurate_as_of=date(2025, 9, 10),
                sources=dated,
            )
    assert (
        "cannot be accurate as of 10 September 2025: its newest source was published on "
        in (refused.value.message_dict["accurate_as_of"][0])
    )
    assert not Question.objects.exists()
    assert not Explainer.objects.exists()

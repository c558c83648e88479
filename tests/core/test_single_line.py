"""Fields that hold one line refuse a line break or control character, with a sentence."""

import pytest
from django.core.exceptions import ValidationError

from explainers.services import save_explainer
from news.services import submit_link
from status import services as status_services
from status.models import State

pytestmark = pytest.mark.django_db

PASTED = ["No\r\nformally", "No\x0bformally", "Not\u2028formally", "No\tformally"]


@pytest.mark.parametrize("answer", PASTED)
def test_a_verdict_answer_with_a_line_break_is_refused_and_nothing_is_saved(answer):
    from status.models import Verdict

    with pytest.raises(ValidationError) as refusal:
        status_services.change_verdict(
            user=None, state=State.NO_WAR, answer=answer, headline="h", summary="s", reason=""
        )
    assert "must be one line" in refusal.value.message_dict["answer"][0]
    assert not Verdict.objects.exists()


def test_a_headline_with_a_line_break_is_refused():
    with pytest.raises(ValidationError) as refusal:
        status_services.change_verdict(
            user=None, state=State.NO_WAR, answer="No", headline="a\nb", summary="s", reason=""
        )
    assert "headline" in refusal.value.message_dict


def test_a_link_title_with_a_control_character_is_refused():
    with pytest.raises(ValidationError) as refusal:
        submit_link(
            user=None,
            url="https://www.nato.int/a",
            title="NATO\x0bstatement",
            outlet=None,
            context="c",
            source_published_at=None,
        )
    assert "title" in refusal.value.message_dict


def test_an_explainer_title_with_a_line_break_is_refused():
    with pytest.raises(ValidationError) as refusal:
        save_explainer(user=None, slug="a5", title="Article\n5", summary="s", body="b")
    assert "title" in refusal.value.message_dict


def test_a_feed_headline_with_line_breaks_is_folded_to_one_line():
    from news.fetching import parse_feed

    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Drones&#13;&#10;over&#9; Poland</title><link>https://e.example/a</link>"
        b"<guid>g</guid></item></channel></rss>"
    )
    (entry,) = parse_feed(feed).entries
    assert entry.title == "Drones over Poland"


# --- Every other one-line field: the same refusal, whichever way the text comes in -----


def test_a_new_indicator_named_with_a_line_break_is_refused_and_nothing_is_saved():
    from status.models import Indicator, IndicatorState
    from status.services.indicators import add_indicator
    from tests.status.factories import nato

    nato()  # the source's outlet, so only the name is wrong
    with pytest.raises(ValidationError) as refusal:
        add_indicator(
            user=None,
            approval={},
            key="drones",
            name="Drones\x0bover Poland",
            state=IndicatorState.WATCH,
            state_label="Ongoing",
            note="n",
            sources=[{"url": "https://www.nato.int/a", "title": "NATO"}],
        )
    assert "must be one line" in refusal.value.message_dict["name"][0]
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("field", ["question", "group"])
def test_a_faq_question_or_group_with_a_line_break_is_refused(field):
    from explainers.models import Question
    from explainers.services import save_question

    fields = {"slug": "q", "question": "Is NATO at war?", "group": "Basics", "answer": "No."}
    with pytest.raises(ValidationError) as refusal:
        save_question(user=None, **{**fields, field: "Is NATO\x0bat war?"})
    assert "must be one line" in refusal.value.message_dict[field][0]
    assert not Question.objects.exists()


def test_a_source_title_loses_every_control_character_not_only_line_breaks():
    from news.services_sources import clean_sources

    (source,) = clean_sources(
        [{"url": "https://www.nato.int/a", "title": "NATO\x01 state\x7fment\x0b 2025"}],
        claim="x",
    )
    assert source["title"] == "NATO state ment 2025"


def test_an_outlet_renamed_in_the_admin_with_a_control_character_is_refused(superuser_client):
    from news.models import Outlet

    outlet = Outlet.objects.create(name="Example News", domain="example-news.org")
    response = superuser_client.post(
        f"/admin/news/outlet/{outlet.pk}/change/",
        {"name": "Example\x0bNews", "domain": outlet.domain, "standing": outlet.standing},
    )
    assert response.status_code == 200
    assert "must be one line" in str(response.context["adminform"].form.errors["name"])
    outlet.refresh_from_db()
    assert outlet.name == "Example News"


def test_a_link_titled_in_the_admin_with_a_line_break_is_refused(superuser_client):
    from news.models import CuratedLink

    response = superuser_client.post(
        "/admin/news/curatedlink/add/",
        {"url": "https://www.nato.int/a", "title": "NATO\x0bstatement", "context": "c"},
    )
    assert response.status_code == 200
    assert "must be one line" in str(response.context["adminform"].form.errors["title"])
    assert not CuratedLink.objects.exists()


def test_a_translation_of_a_one_line_field_with_a_line_break_is_refused():
    from status.translated import VERDICT
    from tests.factories import make_user
    from tests.status.factories import make_verdict
    from translations import services
    from translations.apps import translator_role
    from translations.models import Submission

    verdict = make_verdict()
    services.record_source(kind=VERDICT, obj=verdict)
    english = services.record_source(kind=VERDICT, obj=verdict)
    texts = {key: "Tak" for key in english.texts} | {"headline": "Uruchomiono\x0bart. 5."}
    with pytest.raises(ValidationError) as refusal:
        services.submit_translation(
            user=make_user("anna", role=translator_role("pl")),
            kind=VERDICT,
            object_id=verdict.pk,
            language="pl",
            texts=texts,
            seen_version=english.version,
        )
    assert "must be one line" in refusal.value.message_dict["headline"][0]
    assert not Submission.objects.exists()


def test_the_publisher_named_in_the_admin_with_a_line_break_is_refused_on_the_form(
    superuser_client,
):
    from pages.models import Publisher

    response = superuser_client.post(
        "/admin/pages/publisher/add/",
        {
            "name": "Example\x0bMedia Trust",
            "url": "https://trust.example/",
            "contact_email": "desk@trust.example",
            "address": "",
            "ownership_funding": "Owned by the trust.",
            "publishing_principles": "Primary sources first.",
            "corrections_policy": "Within a day.",
        },
    )
    assert response.status_code == 200  # the form again, not a server error
    assert "must be one line" in str(response.context["adminform"].form.errors["name"])
    assert not Publisher.objects.exists()

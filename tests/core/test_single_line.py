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

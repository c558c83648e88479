"""Indicator sources: a link readers can follow, or a named, dated source shown as text."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from status.models import Indicator, validate_sources
from tests.factories import make_user
from tests.status.factories import make_indicators, make_verdict

pytestmark = pytest.mark.django_db
DATED = {"title": "Kyiv Independent", "date": "September 2025"}


@pytest.mark.parametrize(
    "sources",
    [
        [
            {
                "title": "NATO: Article 5",
                "url": "https://www.nato.int/cps/en/natohq/topics_110496.htm",
            }
        ],
        [DATED],
        [{"title": "NATO: Article 4", "url": "https://www.nato.int/a4"}, DATED],
    ],
    ids=["a-link", "named-and-dated", "both"],
)
def test_a_link_or_a_named_dated_source_is_accepted(sources):
    validate_sources(sources)


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([{"title": "Kyiv Independent"}], "give its date instead"),
        ([{"title": "Kyiv Independent", "date": "recently"}], "give its date instead"),
        ([{"date": "September 2025"}], "a title readers can see"),
        ([{"title": " ", "url": "https://www.nato.int/a4"}], "a title readers can see"),
        ([{"title": "NATO", "url": "javascript:alert(1)"}], "Enter a valid URL"),
        (["https://www.nato.int/"], "Each source is"),
    ],
    ids=["no-link-no-date", "date-without-a-year", "no-title", "blank-title", "bad-url", "bare"],
)
def test_a_source_readers_could_not_follow_or_look_up_is_refused(sources, message):
    with pytest.raises(ValidationError, match=message):
        validate_sources(sources)


def test_a_named_dated_source_is_shown_as_text_beside_the_links(client):
    make_verdict()
    (indicator,) = make_indicators(1)
    Indicator.objects.filter(pk=indicator.pk).update(
        sources=[{"title": "NATO", "url": "https://www.nato.int/a4"}, DATED]
    )
    page = client.get("/").content.decode()
    assert 'Sources: <a href="https://www.nato.int/a4">NATO</a>; ' in page
    assert "; Kyiv Independent, September 2025</p>" in page


def test_an_editor_saves_a_named_dated_source_and_a_kind_in_the_admin(client):
    editor = make_user("ed", password="a-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    (indicator,) = make_indicators(1)
    response = client.post(
        f"/admin/status/indicator/{indicator.pk}/change/",
        {
            "kind": "trigger",
            "state": "watch",
            "state_label": "Ongoing",
            "note": "Talks continue.",
            "sources": '[{"title": "Kyiv Independent", "date": "September 2025", "x": 1}]',
            "expected_version": indicator.version,
            "audit_public": "on",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.sources == [DATED] and indicator.kind == "trigger"

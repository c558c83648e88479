"""Indicator sources: records readers can open, from a primary source or a reputable
outlet, edited as rows in the admin; an indicator without one is refused."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from news.models import Outlet, Source, Standing
from status import services
from tests.factories import make_user
from tests.status.factories import NATO_SOURCE, make_indicators, make_verdict, nato

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = make_user("ed", password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def _update(editor, indicator, sources):
    return services.update_indicator(
        user=editor,
        indicator=indicator,
        state="watch",
        state_label="Ongoing",
        note="Talks continue.",
        sources=sources,
        expected_version=indicator.version,
    )


def test_an_indicator_without_a_source_readers_can_open_is_refused(editor):
    (indicator,) = make_indicators(1)
    with pytest.raises(ValidationError) as refused:
        _update(editor, indicator, [])
    assert refused.value.message_dict["sources"] == [
        "The indicator “Indicator 0” cannot be published: it has no source. Add a page "
        "readers can open from a primary source (NATO, a government, a parliament, a court) "
        "or a reputable outlet."
    ]
    assert Source.objects.for_claim(indicator).count() == 1  # nothing changed


def test_a_source_from_an_outlet_neither_primary_nor_reputable_does_not_count(editor):
    Outlet.objects.create(name="Blog", domain="blog.example", standing=Standing.OTHER)
    (indicator,) = make_indicators(1)
    with pytest.raises(ValidationError, match="none of its sources is from a primary source"):
        _update(editor, indicator, [{"title": "A blog", "url": "https://blog.example/a"}])
    with pytest.raises(ValidationError, match="none of its sources"):  # not on the list
        _update(editor, indicator, [{"title": "Unknown", "url": "https://unknown.example/"}])


def test_a_source_from_an_outlet_marked_as_disinformation_is_refused(editor):
    Outlet.objects.create(
        name="Pravda network", domain="pravda-fr.com", standing=Standing.DISINFORMATION
    )
    (indicator,) = make_indicators(1)
    with pytest.raises(ValidationError, match="marks it as known disinformation"):
        _update(editor, indicator, [NATO_SOURCE, {"title": "P", "url": "https://pravda-fr.com/x"}])


def test_a_source_readers_could_not_open_is_refused(editor):
    (indicator,) = make_indicators(1)
    for bad, message in [
        ({"title": "Kyiv Independent", "date": "September 2025"}, "has no address"),
        ({"title": " ", "url": "https://www.nato.int/a4"}, "a title readers can see"),
        ({"title": "NATO", "url": "javascript:alert(1)"}, "public web address"),
        ({"title": "NATO", "url": "https://www.nato.int/", "published_on": "soon"}, "as a date"),
    ]:
        with pytest.raises(ValidationError, match=message):
            _update(editor, indicator, [NATO_SOURCE, bad])


def test_saved_sources_are_records_with_their_outlet_and_the_home_page_links_them(editor, client):
    make_verdict()
    (indicator,) = make_indicators(1)
    _update(
        editor,
        indicator,
        [
            {
                "title": "NATO: Article 4",
                "url": "https://www.nato.int/a4",
                "published_on": "2023-07-18",
                "archived_url": "https://web.archive.org/web/2024/https://www.nato.int/a4",
            },
            NATO_SOURCE,
        ],
    )
    first, second = Source.objects.for_claim(indicator)
    assert (first.outlet, str(first.published_on), second.title) == (nato(), "2023-07-18", "NATO")
    page = client.get("/").content.decode()
    assert (
        'Sources: <a href="https://www.nato.int/a4">NATO: Article 4</a> (<a '
        'href="https://web.archive.org/web/2024/https://www.nato.int/a4">archived</a>); '
        '<a href="https://www.nato.int/">NATO</a> · Accurate as of'
    ) in page
    api = client.get("/api/status.json").json()
    assert api["indicators"][0]["sources"][0]["published_on"] == "2023-07-18"


def test_an_editor_edits_sources_as_rows_in_the_admin(editor, client):
    client.force_login(editor)
    (indicator,) = make_indicators(1)
    form = {
        "kind": "trigger",
        "state": "watch",
        "state_label": "Ongoing",
        "note": "Talks continue.",
        "expected_version": indicator.version,
        "audit_public": "on",
        "sources-TOTAL_FORMS": "3",
        "sources-INITIAL_FORMS": "1",
        "sources-0-url": "https://www.nato.int/",
        "sources-0-title": "NATO",
        "sources-0-DELETE": "on",
        "sources-1-url": "https://www.nato.int/a4",
        "sources-1-title": "NATO: Article 4",
        "sources-1-published_on": "2023-07-18",
    }
    page = client.get(f"/admin/status/indicator/{indicator.pk}/change/").content.decode()
    assert 'name="sources-0-url"' in page and 'value="https://www.nato.int/"' in page
    response = client.post(f"/admin/status/indicator/{indicator.pk}/change/", form)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.kind == "trigger"
    assert [s.url for s in Source.objects.for_claim(indicator)] == ["https://www.nato.int/a4"]
    # Leaving none is refused on the form, in the rule's words.
    form |= {"expected_version": indicator.version, "sources-1-DELETE": "on"}
    form |= {"sources-0-url": "https://www.nato.int/a4", "sources-0-title": "NATO: Article 4"}
    response = client.post(f"/admin/status/indicator/{indicator.pk}/change/", form)
    assert response.status_code == 200
    assert "cannot be published: it has no source" in response.content.decode()

"""Honest dates on indicators: "accurate as of" (the day an editor last reviewed it against
its sources) apart from "last edited", on the home page and in the status API."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from status import services
from status.models import Indicator
from tests.factories import EDITORS, make_user
from tests.status.factories import NATO_SOURCE, make_indicators

pytestmark = pytest.mark.django_db


def _save(user, indicator, **kw):
    return services.update_indicator(
        user=user,
        indicator=indicator,
        state="watch",
        state_label="Ongoing",
        note="Talks continue.",
        sources=[NATO_SOURCE],
        expected_version=indicator.version,
        **kw,
    )


def test_an_indicator_nobody_has_reviewed_says_so_on_the_home_page_and_in_the_api(client):
    make_indicators(1)

    page = client.get("/").content.decode()
    api = client.get("/api/status.json").json()

    assert "Not yet checked against its sources" in page
    assert api["indicators"][0]["accurate_as_of"] is None


def test_an_editors_save_records_the_review_readers_then_see_its_date(client):
    (indicator,) = make_indicators(1)
    editor = make_user("ed", role=EDITORS)

    saved = _save(editor, indicator)

    today = timezone.localdate()
    assert saved.accurate_as_of == today
    page = client.get("/").content.decode()
    assert f'Accurate as of <time datetime="{today.isoformat()}">' in page
    assert client.get("/api/status.json").json()["indicators"][0]["accurate_as_of"] == (
        today.isoformat()
    )


def test_a_second_editors_approval_is_the_review(settings):
    settings.VERDICT_FOUR_EYES = True
    (indicator,) = make_indicators(1)
    alice, bob = (make_user(n, role=EDITORS) for n in ("alice", "bob"))
    proposal = services.propose_indicator(
        user=alice,
        indicator=indicator,
        expected_version=indicator.version,
        state="watch",
        state_label="Ongoing",
        note="Talks continue.",
        sources=[NATO_SOURCE],
    )
    indicator.refresh_from_db()
    assert indicator.accurate_as_of is None  # proposed: nothing readers see has moved

    services.approve_proposal(user=bob, proposal=proposal)

    indicator.refresh_from_db()
    assert indicator.accurate_as_of == timezone.localdate()


def test_launch_indicators_carry_their_own_dates_not_the_install_time(client):
    call_command("load_launch_content", "--if-empty", verbosity=0)
    today = timezone.localdate()

    for indicator in Indicator.objects.prefetch_related("sources"):
        dates = [s.published_on for s in indicator.sources.all() if s.published_on]
        newest = max(dates, default=date.min)
        assert newest <= indicator.accurate_as_of < today, indicator.key
        assert indicator.accurate_as_of >= date(2025, 9, 30)  # the month it describes
        assert timezone.localdate(indicator.updated_at) == indicator.accurate_as_of
    api = client.get("/api/status.json").json()
    assert all(i["accurate_as_of"] and i["accurate_as_of"] < str(today) for i in api["indicators"])
    assert not any(i["updated_at"].startswith(str(today)) for i in api["indicators"])

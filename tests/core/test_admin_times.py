"""Admin lists and pages say UK time with GMT or BST, as the public pages do."""

from datetime import UTC, datetime

import pytest

from status.models import Verdict
from tests.news.factories import make_links, make_moderator

pytestmark = pytest.mark.django_db


def verdict_at(moment: datetime) -> Verdict:
    return Verdict.objects.create(
        state="no_war", answer="No", headline="h", summary="s", effective_at=moment
    )


def test_the_verdict_list_says_uk_time_with_the_zone_not_am_pm(editor_client):
    verdict_at(datetime(2026, 11, 27, 13, 26, tzinfo=UTC))
    page = editor_client.get("/admin/status/verdict/").content.decode()
    assert "27 Nov 2026, 13:26 GMT" in page and "p.m." not in page


def test_the_hour_the_clocks_go_back_keeps_its_zone_in_lists(editor_client):
    verdict_at(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 01:30 BST
    verdict_at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 01:30 GMT, an hour later
    page = editor_client.get("/admin/status/verdict/").content.decode()
    assert "25 Oct 2026, 01:30 BST" in page and "25 Oct 2026, 01:30 GMT" in page


def test_read_only_times_on_a_change_page_carry_the_zone_too(editor_client):
    verdict = verdict_at(datetime(2026, 7, 1, 12, 26, tzinfo=UTC))
    page = editor_client.get(f"/admin/status/verdict/{verdict.pk}/change/").content.decode()
    assert "1 Jul 2026, 13:26 BST" in page


def test_the_link_list_shows_its_dates_in_uk_time(client):
    make_links(1)
    client.force_login(make_moderator())
    page = client.get("/admin/news/curatedlink/").content.decode()
    assert "(UK time)" in page and ("GMT" in page or "BST" in page) and "p.m." not in page

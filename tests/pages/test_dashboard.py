"""The admin's "Needs attention" panel against known data."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from news.models import Candidate, CuratedLink, Feed
from pages.dashboard import needs_attention
from status.models import Check
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _data(feeds: int = 1):
    now = timezone.now()
    Check.objects.create(checked_at=now - timedelta(hours=30))
    CuratedLink.objects.create(title="Pending", created_at=now - timedelta(hours=5))
    for n in range(feeds):
        feed = Feed.objects.create(
            url=f"https://f{n}.example/rss",
            consecutive_failures=n % 3,
            last_error="HTTP 500" if n % 3 else "",
        )
        Candidate.objects.create(
            feed=feed,
            guid=f"g{n}",
            url=f"https://f{n}.example/{n}",
            canonical_url=f"https://f{n}.example/{n}",
            title="Article 5",
            score=9,
            urgent=n == 0,
        )


def test_the_figures_match_the_data():
    _data(feeds=3)
    figures = needs_attention(make_user("root", superuser=True))
    assert figures["stale"] is True and figures["check_age"] == "1 day and 6 hours"
    assert figures["urgent_candidates"] == 1
    assert figures["relevant_candidates"] == 3 and figures["pending_links"] == 1
    assert figures["oldest_age"].startswith("5 hours")
    assert [f.url for f in figures["failing_feeds"]] == [
        "https://f2.example/rss",
        "https://f1.example/rss",
    ]


@pytest.mark.parametrize("feeds", [1, 30])
def test_the_admin_index_shows_it_with_a_fixed_number_of_queries(
    client, feeds, django_assert_max_num_queries
):
    _data(feeds=feeds)
    client.force_login(make_user("root", superuser=True))
    # 15: the status composer's proposals are a third kind awaiting approval (issue 35);
    # 18: each language's translation lag (two queries whatever the languages and kinds)
    # and the translations awaiting this translator's approval (one), issue 36.
    with django_assert_max_num_queries(18):
        page = client.get("/admin/").content.decode()
    assert "Needs attention" in page and "stale" in page


def _member(name: str, group: str | None) -> User:

    user = make_user(name, role=group or None)
    return User.objects.get(pk=user.pk)


def test_each_role_sees_only_what_it_can_open_and_no_one_else_s_sign_ins(client):
    from audit import services as audit
    from audit.models import Action

    _data(feeds=3)
    audit.record(actor=None, action=Action.LOGIN_FAILED, summary="Failed sign-in as root")
    audit.record(actor=None, action=Action.CHECKED, summary="Status checked", public=True)
    pages = {}
    for name, group in (("ed", "Editors"), ("mo", "Moderators"), ("plain", None)):
        client.force_login(_member(name, group))
        pages[name] = client.get("/admin/").content.decode()
    assert "Status last checked" in pages["ed"] and "Status last checked" not in pages["mo"]
    assert "Record a check" in pages["ed"]
    assert "Failing feeds" in pages["mo"] and "Failing feeds" not in pages["ed"]
    assert "Urgent headlines" in pages["ed"] and "Urgent headlines" in pages["mo"]
    for name, page in pages.items():
        assert "Failed sign-in as root" not in page, name
        assert "Status checked" in page, name  # public entries are public anyway
    assert "Urgent headlines" not in pages["plain"] and "Links waiting" not in pages["plain"]
    # What the dashboard links to, each role can open.
    client.force_login(User.objects.get(username="ed"))
    assert "/admin/news/candidate/inbox/" in pages["ed"]
    assert client.get("/admin/news/candidate/inbox/").status_code == 200

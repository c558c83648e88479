"""Two moderators never review the same item at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news import services
from news.models import Candidate, CuratedLink, Feed, LinkState
from tests.factories import make_user
from tests.news.factories import make_links, make_moderator

pytestmark = pytest.mark.django_db


def test_a_claimed_link_is_left_to_its_moderator():
    (link,) = make_links(1, state=LinkState.PENDING)
    ann, ben = make_moderator("ann"), make_moderator("ben")
    services.claim_for_review(moderator=ann, item=link)
    with pytest.raises(ValidationError, match="ann has been reviewing it since"):
        services.claim_for_review(moderator=ben, item=link)
    with pytest.raises(ValidationError, match="ann has been reviewing it since"):
        services.publish_link(moderator=ben, link=link)
    with pytest.raises(ValidationError, match="ann has been reviewing it since"):
        services.set_pinned(moderator=ben, link=link, pinned=True)
    assert services.publish_link(moderator=ann, link=link).state == LinkState.PUBLISHED


def test_a_claim_lapses_after_thirty_minutes():
    (link,) = make_links(1, state=LinkState.PENDING)
    ann, ben = make_moderator("ann"), make_moderator("ben")
    services.claim_for_review(moderator=ann, item=link)
    CuratedLink.objects.update(claimed_at=timezone.now() - timedelta(minutes=31))
    assert services.claim_for_review(moderator=ben, item=link).claimed_by == ben


def test_a_claimed_headline_cannot_be_rejected_by_someone_else():
    feed = Feed.objects.create(url="https://f.example/rss")
    candidate = Candidate.objects.create(
        feed=feed,
        guid="g",
        url="https://f.example/1",
        canonical_url="https://f.example/1",
        title="T",
    )
    ann, ben = make_moderator("ann"), make_moderator("ben")
    services.claim_for_review(moderator=ann, item=candidate)
    with pytest.raises(ValidationError):
        services.reject_candidate(moderator=ben, candidate=candidate, reason="no")
    services.reject_candidate(moderator=ann, candidate=candidate, reason="Off topic")


def test_the_submitter_sees_why_a_link_was_rejected(client):
    from django.contrib.auth.models import Group

    editor = make_user("ed", password="a-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    link = services.submit_link(user=editor, url="https://example.org/x", title="X", context="Why.")
    services.reject_link(moderator=make_moderator(), link=link, reason="The outlet is a blog.")
    client.force_login(editor)
    assert "The outlet is a blog." in client.get("/admin/news/curatedlink/").content.decode()

"""A breaking-news night: Reuters, AP and ERR headlines arrive through an aggregator
whose stories come from domains not in the outlet list. Approving one names its outlet
(adding it, or picking one already listed); nothing reaches readers as "Unknown outlet"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import Action, AuditEntry
from news import services, services_outlets
from news.models import Candidate, CandidateState, CuratedLink, Feed, Outlet
from tests.factories import make_user
from tests.news.factories import make_moderator, make_outlet

pytestmark = pytest.mark.django_db

STORIES = {
    "reuters": "https://www.reuters.com/world/europe/nato-jets-scrambled-baltic-2026-12-07/",
    "ap": "https://apnews.com/article/nato-russia-drones-poland-4f1c",
    "err": "https://news.err.ee/1609876/estonia-asks-allies-for-article-4-talks",
}


@pytest.fixture
def aggregator() -> Feed:
    """A feed carrying several outlets' stories, and credited to none itself."""
    return Feed.objects.create(url="https://aggregator.example/world.rss")


def headline(feed: Feed, url: str, title: str = "") -> Candidate:
    return Candidate.objects.create(
        feed=feed,
        guid=url,
        url=url,
        canonical_url=url,
        title=title or f"Headline from {url.split('/')[2]}",
        score=9,
        published_at=timezone.now(),
    )


def approve(moderator, candidate: Candidate, **outlet) -> CuratedLink:
    return services.approve_candidate(
        moderator=moderator, candidate=candidate, context="Allies met; no shots fired.", **outlet
    )


def test_approving_a_story_from_an_unlisted_domain_without_naming_its_outlet_is_refused(
    aggregator,
):
    candidate = headline(aggregator, STORIES["reuters"])
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        approve(make_moderator(), candidate)
    assert refused.value.message_dict["outlet_name"] == [
        "reuters.com is not in the outlet list: name its outlet (it is added for that "
        "domain) or give the name of one already listed, then publish. Nothing is published "
        "as “Unknown outlet”."
    ]
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PENDING
    assert not CuratedLink.objects.exists() and not Outlet.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_naming_the_outlet_at_approval_adds_it_and_credits_the_next_story_from_there(
    aggregator,
):
    moderator = make_moderator()
    link = approve(moderator, headline(aggregator, STORIES["reuters"]), outlet_name=" Reuters ")
    reuters = Outlet.objects.get()
    assert (reuters.name, reuters.domain, reuters.reputable) == ("Reuters", "reuters.com", True)
    assert link.outlet == reuters
    entry = AuditEntry.objects.get(action=Action.CREATED, summary__startswith="Outlet added")
    assert entry.actor == moderator
    assert entry.summary == "Outlet added: Reuters (reuters.com, reputable)"
    later = headline(aggregator, "https://www.reuters.com/world/second-story/")
    assert approve(moderator, later).outlet == reuters  # no name needed the second time
    assert Outlet.objects.count() == 1


def test_the_three_wire_and_public_broadcaster_stories_each_reach_readers_with_their_outlet(
    aggregator, client
):
    moderator = make_moderator()
    approve(
        moderator,
        headline(aggregator, STORIES["reuters"], "Reuters: jets scrambled"),
        outlet_name="Reuters",
    )
    approve(
        moderator,
        headline(aggregator, STORIES["ap"], "AP: drones over Poland"),
        outlet_name="Associated Press",
    )
    approve(
        moderator,
        headline(aggregator, STORIES["err"], "ERR: Estonia asks for Article 4 talks"),
        outlet_name="ERR",
        outlet_domain="err.ee",
    )
    assert dict(Outlet.objects.values_list("domain", "name")) == {
        "reuters.com": "Reuters",
        "apnews.com": "Associated Press",
        "err.ee": "ERR",
    }
    page = client.get("/news/").content.decode()
    assert "Reuters" in page and "Associated Press" in page and "ERR" in page
    assert "Unknown outlet" not in page


def test_a_name_already_listed_picks_that_outlet_instead_of_adding_one(aggregator):
    bbc = make_outlet("bbc.co.uk", "BBC News")
    link = approve(
        make_moderator(),
        headline(aggregator, "https://www.bbc.com/news/articles/c0nato"),
        outlet_name="bbc news",
    )
    assert link.outlet == bbc and Outlet.objects.count() == 1


def test_a_new_outlet_may_be_marked_as_not_reputable(aggregator):
    link = approve(
        make_moderator(),
        headline(aggregator, STORIES["ap"]),
        outlet_name="AP",
        outlet_reputable=False,
    )
    assert link.outlet.reputable is False
    assert AuditEntry.objects.filter(
        summary="Outlet added: AP (apnews.com, not counted as reputable)"
    ).exists()


def test_a_new_outlets_domain_must_be_the_storys_own(aggregator):
    candidate = headline(aggregator, STORIES["err"])
    with pytest.raises(ValidationError) as refused:
        approve(make_moderator(), candidate, outlet_name="ERR", outlet_domain="evil.example")
    assert refused.value.message_dict["outlet_domain"] == [
        "Give the story's own domain (news.err.ee) or a domain it is part of (err.ee)."
    ]
    assert not Outlet.objects.exists() and not CuratedLink.objects.exists()
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PENDING


def test_left_unnamed_a_story_is_credited_to_the_outlet_of_its_feed():
    guardian = make_outlet("theguardian.com", "The Guardian")
    feed = Feed.objects.create(url="https://www.theguardian.com/world/rss", outlet=guardian)
    link = approve(make_moderator(), headline(feed, "https://guardian.example/short/x1"))
    assert link.outlet == guardian


def test_only_those_who_may_add_outlets_add_one():
    with pytest.raises(PermissionDenied):
        services_outlets.create_outlet(
            moderator=make_user("ed"), name="Reuters", domain="reuters.com"
        )
    assert not Outlet.objects.exists()

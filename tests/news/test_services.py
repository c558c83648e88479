"""Submitting, publishing, rejecting and hiding curated links."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import Action, AuditEntry
from news import services
from news.models import CuratedLink, LinkState
from tests.factories import make_user
from tests.news.factories import make_outlet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outlet():
    """The outlet of the links these tests submit (example-news.org)."""
    return make_outlet()


def _submit(**kw):
    data = {
        "user": None,
        "url": "https://example-news.org/story?utm_source=x",
        "title": "A story",
        "context": "Why it matters.",
        "source_published_at": timezone.now() - timedelta(hours=2),
    }
    return services.submit_link(**{**data, **kw})


def test_adding_a_link_already_there_says_so_and_points_to_it():
    first = _submit()
    with pytest.raises(services.DuplicateLink) as dup:
        _submit(url="HTTPS://EXAMPLE-NEWS.ORG/story/#top", title="Same story again")
    assert dup.value.existing == first
    assert "already on the site" in dup.value.messages[0]
    assert CuratedLink.objects.count() == 1
    assert first.outlet.domain == "example-news.org"


def test_a_moderator_publishes_with_context_and_one_public_entry(moderator):
    link = _submit()
    published = services.publish_link(moderator=moderator, link=link)
    assert published.state == LinkState.PUBLISHED
    assert published.approved_by == moderator
    entry = AuditEntry.objects.filter(action=Action.PUBLISHED).get()
    assert entry.public and entry.actor == moderator


def test_publishing_without_context_is_refused_and_nothing_changes(moderator):
    link = _submit(context="")
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.publish_link(moderator=moderator, link=link)
    assert "context" in refused.value.message_dict
    link.refresh_from_db()
    assert link.state == LinkState.PENDING
    assert AuditEntry.objects.count() == entries


def test_a_pending_item_without_a_url_cannot_be_published(moderator):
    link = services.submit_link(user=None, url="", title="Development", context="Context.")
    assert link.missing_for_publication == ["URL", "source date"]
    with pytest.raises(ValidationError):
        services.publish_link(moderator=moderator, link=link)
    assert CuratedLink.objects.get().state == LinkState.PENDING


def test_context_is_limited_to_three_sentences(moderator):
    link = _submit(context="One. Two. Three. Four.")
    with pytest.raises(ValidationError):
        services.publish_link(moderator=moderator, link=link)


def test_someone_outside_moderators_cannot_publish_reject_or_hide():
    link = _submit()
    editor = make_user("ed", password="a-long-password-1")
    for call in (
        lambda: services.publish_link(moderator=editor, link=link),
        lambda: services.reject_link(moderator=editor, link=link, reason="no"),
        lambda: services.set_pinned(moderator=editor, link=link, pinned=True),
    ):
        with pytest.raises(PermissionDenied):
            call()
    link.refresh_from_db()
    assert (link.state, link.pinned) == (LinkState.PENDING, False)


def test_rejecting_needs_a_reason_and_hiding_a_published_link_is_public(moderator):
    link = _submit()
    with pytest.raises(ValidationError):
        services.reject_link(moderator=moderator, link=link, reason=" ")
    services.publish_link(moderator=moderator, link=link)
    hidden = services.hide_link(moderator=moderator, link=link, reason="The outlet retracted it.")
    assert hidden.state == LinkState.HIDDEN
    entry = AuditEntry.objects.filter(action=Action.HIDDEN).get()
    assert entry.public and entry.note == "The outlet retracted it."


def test_a_link_from_a_domain_not_in_the_outlet_list_is_not_published(moderator):
    link = _submit(url="https://www.reuters.com/world/europe/story-1/")
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.publish_link(moderator=moderator, link=link)
    assert refused.value.message_dict["outlet"] == [
        "reuters.com is not in the outlet list: pick the link's outlet, or add it with "
        "the + beside Outlet, then publish."
    ]
    link.refresh_from_db()
    assert link.state == LinkState.PENDING and AuditEntry.objects.count() == entries


def test_a_link_submitted_before_its_outlet_was_listed_is_credited_when_published(moderator):
    link = _submit(url="https://news.err.ee/1609876/estonia-asks-for-article-4-talks")
    assert link.outlet is None
    err = make_outlet("err.ee", "ERR")
    published = services.publish_link(moderator=moderator, link=link)
    assert (published.state, published.outlet) == (LinkState.PUBLISHED, err)

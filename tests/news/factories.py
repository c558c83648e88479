from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from news.models import CuratedLink, LinkState, Outlet
from tests.factories import MODERATORS, make_user


def make_outlet(domain: str = "example-news.org", name: str = "Example News") -> Outlet:
    return Outlet.objects.get_or_create(domain=domain, defaults={"name": name})[0]


def make_moderator(username: str = "mod") -> User:
    """Another moderator (the `moderator` fixture is the usual one)."""
    return make_user(username, role=MODERATORS)


def make_links(count: int, *, state: str = LinkState.PUBLISHED, outlet: Outlet | None = None):
    outlet = outlet or make_outlet()
    now = timezone.now()
    return CuratedLink.objects.bulk_create(
        CuratedLink(
            url=f"https://{outlet.domain}/story-{n}",
            title=f"Story {n}",
            outlet=outlet,
            context=f"Context for story {n}.",
            source_published_at=now - timedelta(hours=n),
            state=state,
        )
        for n in range(count)
    )

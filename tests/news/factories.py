from datetime import timedelta

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from news.models import CuratedLink, LinkState, Outlet


def make_outlet(domain: str = "example-news.org", name: str = "Example News") -> Outlet:
    return Outlet.objects.get_or_create(domain=domain, defaults={"name": name})[0]


def make_moderator(username: str = "mod") -> User:
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(codename="moderate_curatedlink"),
        *Permission.objects.filter(content_type__app_label="news"),
    )
    user = User.objects.create_user(
        username, f"{username}@example.org", "a-long-password-1", is_staff=True
    )
    user.groups.add(group)
    return user


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

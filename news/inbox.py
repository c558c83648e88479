"""What the moderators' headline inbox reads: one story per row, a page at a time.

    inbox_page(*, show="relevant", page=1, size=PAGE_SIZE) -> InboxPage

A fixed number of queries whatever the size of the queue (100k headlines): no
COUNT(*), one query for the page, one for the merged duplicates, one for the outlets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from news.canonical import canonicalize_url
from news.models import Candidate, Feed, Outlet
from news.outlets import domain_suffixes, outlets_for
from news.relevance import threshold
from news.services import CLAIM_FOR

PAGE_SIZE = 50
SHOWS = {"relevant": "Relevant", "all": "All pending"}


@dataclass
class Story:
    candidate: Candidate
    outlet: Outlet | None
    other_feeds: list[Feed] = field(default_factory=list)
    claimed_by: Any = None
    # The outlet of the story's own domain: without one, approving it names the outlet.
    own_outlet: Outlet | None = None
    # The story the moderator moves on to once this one is decided (it leaves the list).
    after: int | None = None

    @property
    def web_url(self) -> str:
        """The story's address if it is a web link; empty for anything else (never an
        href a browser would run)."""
        try:
            canonicalize_url(self.candidate.url)
        except ValueError:
            return ""
        return self.candidate.url

    @property
    def disinformation(self) -> Outlet | None:
        """The outlet marked as known disinformation this story comes from, if any: the
        inbox flags it (approving it is refused)."""
        for outlet in (self.own_outlet, self.outlet):
            if outlet is not None and outlet.disinformation:
                return outlet
        return None

    @property
    def host(self) -> str:
        suffixes = domain_suffixes(self.candidate.url)
        return suffixes[0] if suffixes else ""


@dataclass
class InboxPage:
    stories: list[Story]
    page: int
    has_next: bool
    show: str
    size: int = PAGE_SIZE

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.size + 1


def inbox_page(*, show: str = "relevant", page: int = 1, size: int = PAGE_SIZE) -> InboxPage:
    show = show if show in SHOWS else "relevant"
    page = max(page, 1)
    queue = Candidate.objects.review_queue(
        min_score=threshold() if show == "relevant" else None
    ).select_related("feed", "feed__outlet", "claimed_by")
    start = (page - 1) * size
    rows = list(queue.prefetch_related("also_in")[start : start + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    outlets = outlets_for(c.url for c in rows)
    lapsed = timezone.now() - CLAIM_FOR
    stories = [
        Story(
            candidate=c,
            outlet=outlets[c.url] or c.feed.outlet,
            other_feeds=list(c.also_in.all()),
            claimed_by=c.claimed_by if c.claimed_at and c.claimed_at > lapsed else None,
            own_outlet=outlets[c.url],
            # The next story, or for the last one the one before it.
            after=(rows[n + 1] if n + 1 < len(rows) else rows[n - 1] if n else c).pk,
        )
        for n, c in enumerate(rows)
    ]
    return InboxPage(stories=stories, page=page, has_next=has_next, show=show, size=size)

"""Every write to curated links: one transaction each, audit entry included.

    submit_link(*, user, url, title, outlet=None, context="", source_published_at=None)
    publish_link(*, moderator, link, context=None, source_published_at=None)
    reject_link(*, moderator, link, reason)
    hide_link(*, moderator, link, reason)
    set_pinned(*, moderator, link, pinned)
    create_published_link(*, moderator, url, title, outlet, context, source_published_at)
    approve_candidate(*, moderator, candidate, context, source_published_at=None,
                      outlet_name="", outlet_domain="", outlet_reputable=True)
    reject_candidate(*, moderator, candidate, reason, duplicate=False)
    claim_for_review(*, moderator, item)
    create_outlet(*, moderator, name, domain, reputable=True)  (news.services_outlets)
    check_publishable(*, url, context, source_published_at, outlet) -> str  (no write)
    poll_now(*, moderator, feed)  (queues the feed's poll to the worker)

Only moderators (permission news.moderate_curatedlink; superusers pass) publish,
reject, hide or pin; anyone with news.add_curatedlink may submit. No link is published
without an outlet (readers would see "Unknown outlet"). `None` is the
system (the launch content publishes its primary sources this way).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.permissions import require
from core.queueing import send_quietly
from core.text import single_line_errors
from core.uktime import uk_datetime
from news.canonical import canonicalize_url
from news.models import CuratedLink, Feed, LinkState, Outlet
from news.outlets import outlets_for
from news.services_outlets import outlet_to_credit, story_host
from news.tasks import poll_feed

CONTEXT_MAX_LENGTH = 400
CONTEXT_MAX_SENTENCES = 3
MODERATE = "news.moderate_curatedlink"


class DuplicateLink(ValidationError):
    """The URL is already curated; `existing` is the link that holds it."""

    def __init__(self, existing: CuratedLink):
        super().__init__(
            f'This link is already on the site: "{existing.title}" '
            f"({existing.get_state_display().lower()}, #{existing.pk})."
        )
        self.existing = existing


CLAIM_FOR = timedelta(minutes=30)


def claim_for_review(*, moderator: Any, item: Any) -> Any:
    """Take a queue item (a link or a headline) so two moderators don't review it at once.

    A claim lapses after CLAIM_FOR; claiming again renews your own.
    """
    require_moderator(moderator)
    now = timezone.now()
    model = type(item)
    free = Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_FOR) | Q(claimed_by=moderator)
    with transaction.atomic():
        if not model.objects.filter(free, pk=item.pk).update(claimed_by=moderator, claimed_at=now):
            raise ValidationError(
                held_by(model.objects.select_related("claimed_by").get(pk=item.pk))
            )
        audit.record(
            actor=moderator, action=Action.CHANGED, obj=item, summary=f"Claimed for review: {item}"
        )
    return model.objects.get(pk=item.pk)


def held_by(item: Any) -> str:
    """Who holds the claim on an item and since when, in a sentence. Callers name the item
    themselves (once): the refusal does not repeat it."""
    holder = item.claimed_by
    who = (holder.get_full_name() or holder.get_username()) if holder else "another moderator"
    since = uk_datetime(item.claimed_at, "H:i")
    until = uk_datetime(item.claimed_at + CLAIM_FOR, "H:i")
    return (
        f"{who} has been reviewing it since {since}; leave it to them, "
        f"or wait until {until}, when the claim lapses."
    )


def refuse_if_claimed_by_another(item: Any, moderator: Any) -> None:
    if (
        item.claimed_by_id
        and item.claimed_by_id != getattr(moderator, "pk", None)
        and item.claimed_at
        and item.claimed_at > timezone.now() - CLAIM_FOR
    ):
        raise ValidationError(held_by(item))


def require_moderator(user: Any) -> None:
    """`None` is the system itself (launch content), as in `core.permissions.require`."""
    if user is None:
        return
    if not user.has_perm(MODERATE):
        raise PermissionDenied("Only moderators can publish, reject, hide or pin links.")


def clean_context(context: str) -> str:
    """One to three plain sentences; HTML is kept as text (templates escape it)."""
    text = " ".join((context or "").split())
    if not text:
        raise ValidationError({"context": "Add a line of editorial context before publishing."})
    if len(text) > CONTEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "context": f"Keep the context under {CONTEXT_MAX_LENGTH} characters "
                f"(it is {len(text)})."
            }
        )
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    if len(sentences) > CONTEXT_MAX_SENTENCES:
        raise ValidationError({"context": "Keep the context to one to three sentences."})
    return text


def check_publishable(
    *,
    url: str | None,
    context: str,
    source_published_at: datetime | None,
    outlet: Outlet | None,
) -> str:
    """What a published link must have, checked on publishing and on every later edit.

    Returns the context cleaned; raises a ValidationError naming each missing field.
    """
    errors: dict[str, list[str]] = {}
    if not url:
        errors["url"] = ["A published link needs its URL: add it (or hide the link instead)."]
    elif outlet is None:
        # Readers would see "Unknown outlet": the moderator names it first.
        errors["outlet"] = [
            f"{story_host(url) or 'Its domain'} is not in the outlet list: pick the link's "
            "outlet, or add it with the + beside Outlet, then publish."
        ]
    elif outlet.disinformation:
        errors["outlet"] = [
            f"{outlet.name} is marked as known disinformation in the outlet list: its "
            "stories are never published."
        ]
    try:
        context = clean_context(context)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if source_published_at is None:
        errors["source_published_at"] = [
            "Give the source's publication date: a published link shows it."
        ]
    if errors:
        raise ValidationError(errors)
    return context


def find_duplicate(url: str, *, exclude_pk: int | None = None) -> CuratedLink | None:
    qs = CuratedLink.objects.filter(url=url)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def outlet_for(url: str) -> Outlet | None:
    """The outlet named by the URL's own domain (or a parent domain: news.bbc.co.uk)."""
    return outlets_for([url])[url]


def submit_link(
    *,
    user: Any,
    url: str,
    title: str,
    outlet: Outlet | None = None,
    context: str = "",
    source_published_at: datetime | None = None,
    reference: bool = False,
) -> CuratedLink:
    """Add a link for review (pending). A URL already on the site is refused."""
    require(user, "news.add_curatedlink", "submit links")
    canonical = canonicalize_url(url) if url else None
    if not title.strip():
        raise ValidationError({"title": "A link needs a title."})
    if errors := single_line_errors(title=title):
        raise ValidationError(errors)
    with transaction.atomic():
        if canonical and (existing := find_duplicate(canonical)):
            raise DuplicateLink(existing)
        try:
            with transaction.atomic():
                link = CuratedLink.objects.create(
                    url=canonical,
                    title=title.strip()[:300],
                    outlet=outlet or (outlet_for(canonical) if canonical else None),
                    context=" ".join(context.split()),
                    source_published_at=source_published_at,
                    reference=reference,
                    submitted_by=user if getattr(user, "pk", None) else None,
                )
        except IntegrityError:
            raise DuplicateLink(CuratedLink.objects.get(url=canonical)) from None
        audit.record(
            actor=user,
            action=Action.CREATED,
            obj=link,
            summary=f"Link submitted for review: {link.title}",
        )
    return link


def _locked(link: CuratedLink) -> CuratedLink:
    return (
        CuratedLink.objects.select_for_update(of=("self",)).select_related("outlet").get(pk=link.pk)
    )


def publish_link(
    *,
    moderator: Any,
    link: CuratedLink,
    context: str | None = None,
    source_published_at: datetime | None = None,
) -> CuratedLink:
    require_moderator(moderator)
    with transaction.atomic():
        current = _locked(link)
        refuse_if_claimed_by_another(current, moderator)
        if context is not None:
            current.context = context
        if source_published_at is not None:
            current.source_published_at = source_published_at
        if current.outlet is None and current.url:
            # The outlet may have been added since the link was submitted.
            current.outlet = outlet_for(current.url)
        current.context = check_publishable(
            url=current.url,
            context=current.context,
            source_published_at=current.source_published_at,
            outlet=current.outlet,
        )
        if current.state == LinkState.PUBLISHED:
            return current
        before = current.state
        current.state = LinkState.PUBLISHED
        current.approved_by = moderator
        current.approved_at = timezone.now()
        current.decision_reason = ""
        current.version += 1
        current.save()
        audit.record(
            actor=moderator,
            action=Action.PUBLISHED,
            obj=current,
            summary=f"Link published: {current.title}",
            changes={"state": [before, current.state]},
            note=current.context,
            public=True,
        )
    return current


def _decide(
    *,
    moderator: Any,
    link: CuratedLink,
    state: str,
    reason: str,
    action: Action,
    public: bool,
    allowed_from: set[str],
    refusal: str,
) -> CuratedLink:
    require_moderator(moderator)
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason the submitter can read."})
    with transaction.atomic():
        current = _locked(link)
        refuse_if_claimed_by_another(current, moderator)
        if current.state not in allowed_from:
            raise ValidationError(refusal)
        before = current.state
        current.state = state
        current.decision_reason = reason.strip()
        current.version += 1
        current.save()
        verb = "rejected" if state == LinkState.REJECTED else "hidden"
        audit.record(
            actor=moderator,
            action=action,
            obj=current,
            summary=f"Link {verb}: {current.title}",
            changes={"state": [before, state]},
            note=reason.strip() if public else "",
            public=public,
        )
    return current


def reject_link(*, moderator: Any, link: CuratedLink, reason: str) -> CuratedLink:
    return _decide(
        moderator=moderator,
        link=link,
        state=LinkState.REJECTED,
        reason=reason,
        action=Action.REJECTED,
        public=False,
        allowed_from={LinkState.PENDING},
        refusal="Only a pending link can be rejected; hide a published one.",
    )


def hide_link(*, moderator: Any, link: CuratedLink, reason: str) -> CuratedLink:
    return _decide(
        moderator=moderator,
        link=link,
        state=LinkState.HIDDEN,
        reason=reason,
        action=Action.HIDDEN,
        public=True,
        allowed_from={LinkState.PUBLISHED},
        refusal="Only a published link can be hidden.",
    )


def set_pinned(*, moderator: Any, link: CuratedLink, pinned: bool) -> CuratedLink:
    require_moderator(moderator)
    with transaction.atomic():
        current = _locked(link)
        refuse_if_claimed_by_another(current, moderator)
        if current.pinned == pinned:
            return current
        current.pinned = pinned
        current.version += 1
        current.save()
        audit.record(
            actor=moderator,
            action=Action.CHANGED,
            obj=current,
            summary=f"Link {'pinned' if pinned else 'unpinned'}: {current.title}",
            changes={"pinned": [not pinned, pinned]},
        )
    return current


def create_published_link(
    *,
    moderator: Any,
    url: str,
    title: str,
    outlet: Outlet | None,
    context: str,
    source_published_at: datetime | None,
    reference: bool = False,
) -> CuratedLink:
    """Submit and publish in one transaction (approving a candidate headline)."""
    require_moderator(moderator)
    with transaction.atomic():
        link = submit_link(
            user=moderator,
            url=url,
            title=title,
            outlet=outlet,
            context=context,
            source_published_at=source_published_at,
            reference=reference,
        )
        return publish_link(moderator=moderator, link=link)


# --- Candidate headlines from feeds ----------------------------------------------


def _locked_candidate(candidate):
    from news.models import Candidate

    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("feed")
        .get(pk=candidate.pk)
    )


def approve_candidate(
    *,
    moderator: Any,
    candidate,
    context: str,
    source_published_at: datetime | None = None,
    outlet_name: str = "",
    outlet_domain: str = "",
    outlet_reputable: bool = True,
) -> CuratedLink:
    """Publish a candidate as a curated link with our context (moderators only).

    A story from a domain not in the outlet list needs `outlet_name`: an outlet already
    listed by that name, or a new one added (for `outlet_domain`, by default the story's
    host) in the same transaction. Without it the feed's outlet is credited, and with
    neither the approval is refused.
    """
    from news.models import CandidateState

    require_moderator(moderator)
    with transaction.atomic():
        current = _locked_candidate(candidate)
        refuse_if_claimed_by_another(current, moderator)
        if current.state != CandidateState.PENDING:
            raise ValidationError(f"This headline was already {current.get_state_display()}.")
        link = create_published_link(
            moderator=moderator,
            url=current.url,
            title=current.title,
            # Credited to whoever published the story, not to the feed that carried it.
            outlet=outlet_to_credit(
                moderator=moderator,
                url=current.url,
                name=outlet_name,
                domain=outlet_domain,
                reputable=outlet_reputable,
                fallback=current.feed.outlet,
            ),
            context=context,
            source_published_at=source_published_at or current.published_at or timezone.now(),
        )
        current.state = CandidateState.APPROVED
        current.reviewer = moderator
        current.reviewed_at = timezone.now()
        current.link = link
        current.save()
        audit.record(
            actor=moderator,
            action=Action.APPROVED,
            obj=current,
            summary=f"Headline approved: {current.title}",
        )
    return link


def reject_candidate(*, moderator: Any, candidate, reason: str, duplicate: bool = False):
    from news.models import CandidateState

    require_moderator(moderator)
    if not reason.strip() and not duplicate:
        raise ValidationError({"reason": "Give a reason for rejecting this headline."})
    with transaction.atomic():
        current = _locked_candidate(candidate)
        refuse_if_claimed_by_another(current, moderator)
        if current.state != CandidateState.PENDING:
            raise ValidationError(f"This headline was already {current.get_state_display()}.")
        current.state = CandidateState.DUPLICATE if duplicate else CandidateState.REJECTED
        current.reason = reason.strip() or "Duplicate of a story already covered."
        current.reviewer = moderator
        current.reviewed_at = timezone.now()
        current.save()
        audit.record(
            actor=moderator,
            action=Action.DUPLICATE if duplicate else Action.REJECTED,
            obj=current,
            summary=f"Headline {'marked duplicate' if duplicate else 'rejected'}: {current.title}",
            note=current.reason,
        )
    return current


def poll_now(*, moderator: Any, feed: Feed) -> Feed:
    """Queue the feed's poll to the worker at once, instead of waiting for its turn.

    The poll itself runs as ever (claimed, so it never runs twice at once); a paused
    feed is refused, since the worker would skip it anyway.
    """
    require(moderator, "news.change_feed", "poll feeds")
    with transaction.atomic():
        current = Feed.objects.select_for_update().get(pk=feed.pk)
        if not current.active:
            raise ValidationError("This feed is paused: tick “Polling” and save before polling it.")
        Feed.objects.filter(pk=current.pk).update(next_poll_at=timezone.now())
        audit.record(
            actor=moderator,
            action=Action.POLLED,
            obj=current,
            summary=f"Poll requested now: {current}",
        )
        # Queued without waiting on the broker; the feed is due anyway, so beat polls it.
        transaction.on_commit(lambda: send_quietly(poll_feed, current.pk))
    return current

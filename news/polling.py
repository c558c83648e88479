"""The feed-polling pipeline: claim a feed, fetch it, turn entries into candidates.

    poll_feed(*, feed_id, now=None) -> PollOutcome
    due_feed_ids(*, now=None) -> list[tuple[int, str]]
    notify_urgent() -> int

A feed is claimed with one atomic UPDATE, so two workers never poll it at
once; fetching happens outside any transaction; the results are written in one
transaction (news.ingest). Running a poll twice creates nothing twice. Whatever
goes wrong during a poll, the feed is released and rescheduled.
"""

from __future__ import annotations

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.prepared import prepared_cursor
from news.fetching import FetchError, FetchResult, SlowDown, fetch_feed, parse_feed
from news.ingest import store_poll
from news.models import Candidate, Feed
from notifications.services import notify_once
from notifications.services import recipients as notification_recipients

BACKOFF_CAP = timedelta(hours=12)
REDIRECT_STREAK_TO_MOVE = 3
FAILING_FOR_DAYS = timedelta(days=2)

logger = logging.getLogger(__name__)


@dataclass
class PollOutcome:
    status: str  # "claimed-elsewhere", "not-modified", "ok", "postponed", "error"
    created: int = 0
    skipped: int = 0
    error: str = ""
    urgent: bool = False  # a new candidate is urgent: its email goes out after the commit


def due_feed_ids(*, now: datetime | None = None) -> list[tuple[int, str]]:
    return [
        (pk, _host(url))
        for pk, url in Feed.objects.due(now).order_by("next_poll_at").values_list("id", "url")
    ]


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""  # its poll will record why; the other feeds must still be enqueued


def claim(feed_id: int, now: datetime) -> Feed | None:
    """Atomically take the feed for a while and read it; None if another worker holds it.

    One statement (UPDATE ... RETURNING), where a filtered update and then a read of
    the feed were two round trips, prepared once per connection (core.prepared). Its
    commit does not wait for the disk: a claim is a lease that lapses anyway, and one
    lost in a database crash at worst lets a poll run twice, which creates nothing twice.
    """
    until = now + timedelta(seconds=settings.FEEDS_CLAIM_SECONDS)
    if connection.vendor != "postgresql":
        return _claim_portably(feed_id, now, until)
    with prepared_cursor() as cursor:
        cursor.execute(_CLAIM, [until, feed_id, now])
        row = cursor.fetchone()
    return None if row is None else Feed.from_db(DEFAULT_DB_ALIAS, _FEED_FIELDS, row)


def _claim_portably(feed_id: int, now: datetime, until: datetime) -> Feed | None:
    """The claim on SQLite (the embedded default): a filtered update, then a read.

    SQLite has no `set_config`; its writes are serialised by the database lock, so the
    filtered update alone keeps two workers from taking one feed.
    """
    with transaction.atomic():
        taken = (
            Feed.objects.filter(pk=feed_id, active=True)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(claimed_until=until)
        )
        return Feed.objects.get(pk=feed_id) if taken else None


_FEED_FIELDS = [field.attname for field in Feed._meta.concrete_fields]
_CLAIM = (
    f"UPDATE {Feed._meta.db_table} SET claimed_until = %s"  # noqa: S608 (names from the model)
    " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait"
    " WHERE id = %s AND active AND (claimed_until IS NULL OR claimed_until < %s) RETURNING "
    + ", ".join(f"{Feed._meta.db_table}.{field.column}" for field in Feed._meta.concrete_fields)
)


def poll_feed(*, feed_id: int, now: datetime | None = None) -> PollOutcome:
    now = now or timezone.now()
    feed = claim(feed_id, now)
    if feed is None:
        return PollOutcome("claimed-elsewhere")
    try:
        result = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        outcome = _store(feed, result, now)
    except SlowDown as exc:
        next_at = max(exc.retry_after, _next(feed, now))
        Feed.objects.filter(pk=feed.pk).update(
            last_polled_at=now, next_poll_at=next_at, claimed_until=None
        )
        return PollOutcome("postponed", error=exc.message)
    except FetchError as exc:
        _record_failure(feed, exc, now)
        return PollOutcome("error", error=exc.message)
    except SoftTimeLimitExceeded:
        # Celery's soft limit interrupts whatever the poll was doing; unrecorded, the
        # feed would stay claimed, unscheduled and shown as healthy.
        logger.warning("Polling %s ran into the task's time limit", feed.url)
        return _unexpected(feed, "The poll was stopped by the task's time limit", now)
    except Exception as exc:
        logger.exception("Unexpected error polling %s", feed.url)
        return _unexpected(
            feed, f"Unexpected error while polling: {type(exc).__name__}: {exc}", now
        )
    _note_redirect(feed, result.permanent_redirect)
    if outcome.created and outcome.urgent:
        # Only then: the look-up for unsent urgent headlines reads the whole table, and
        # beat's "retry-urgent-emails" picks up any the mail server refused.
        transaction.on_commit(notify_urgent)
    return outcome


def _store(feed: Feed, result: FetchResult, now: datetime) -> PollOutcome:
    """Record a successful fetch (and release the feed) in one transaction."""
    if result.not_modified:
        # A 304 costs no parsing and no writes beyond the poll time.
        Feed.objects.filter(pk=feed.pk).update(
            last_polled_at=now,
            last_success_at=now,
            next_poll_at=_next(feed, now),
            consecutive_failures=0,
            failing_since=None,
            last_error="",
            claimed_until=None,
        )
        return PollOutcome("not-modified")
    parsed = parse_feed(result.content)
    stored = store_poll(feed=feed, fetched=result, parsed=parsed, now=now)
    return PollOutcome("ok", created=stored.created, skipped=stored.skipped, urgent=stored.urgent)


def _unexpected(feed: Feed, message: str, now: datetime) -> PollOutcome:
    error = FetchError(message[:500])
    _record_failure(feed, error, now)
    return PollOutcome("error", error=error.message)


def _next(feed: Feed, now: datetime) -> datetime:
    return now + timedelta(seconds=feed.poll_interval)


def backoff(failures: int, interval: int) -> timedelta:
    """Exponential with jitter, capped; a failing feed is retried, never dropped."""
    base = min(timedelta(seconds=interval) * (2 ** min(failures, 16)), BACKOFF_CAP)
    return base * random.uniform(0.8, 1.2)


def _record_failure(feed: Feed, exc: FetchError, now: datetime) -> None:
    failures = feed.consecutive_failures + 1
    next_at = now + backoff(failures, feed.poll_interval)
    if exc.retry_after and exc.retry_after > next_at:
        next_at = exc.retry_after
    failing_since = feed.failing_since or now
    Feed.objects.filter(pk=feed.pk).update(
        consecutive_failures=failures,
        last_error=exc.message[:1000],
        last_polled_at=now,
        next_poll_at=next_at,
        failing_since=failing_since,
        claimed_until=None,
    )
    if failures >= settings.FEED_ALERT_AFTER_FAILURES:
        # Once per failing streak (named by when it began); a send that failed is
        # tried again on the streak's next failing poll.
        notify_once(
            event_key=f"feed-failing:{feed.pk}:{failing_since.timestamp():.0f}",
            groups=["Moderators"],
            subject=f"[warstatus] Feed failing: {feed.url[:100]}",
            body=(
                f"The feed {feed.url} failed {failures} polls in a row.\n"
                f"Last error: {exc.message}\nIt will keep being retried with backoff."
            ),
        )


def _note_redirect(feed: Feed, target: str | None) -> None:
    """Move the feed only after the same permanent redirect on several polls in a row."""
    if not target:
        if feed.permanent_redirect_streak:
            Feed.objects.filter(pk=feed.pk).update(
                permanent_redirect_streak=0, permanent_redirect_to=""
            )
        return
    streak = feed.permanent_redirect_streak + 1 if target == feed.permanent_redirect_to else 1
    if streak < REDIRECT_STREAK_TO_MOVE or Feed.objects.filter(url=target).exists():
        Feed.objects.filter(pk=feed.pk).update(
            permanent_redirect_streak=streak, permanent_redirect_to=target
        )
        return
    with transaction.atomic():
        Feed.objects.filter(pk=feed.pk).update(
            url=target, permanent_redirect_streak=0, permanent_redirect_to=""
        )
        audit.record(
            actor=None,
            action=Action.CHANGED,
            obj=feed,
            summary=f"Feed moved permanently to {target}",
            changes={"url": [feed.url, target]},
        )


def notify_urgent() -> int:
    """Email Editors and Moderators once per urgent candidate.

    A candidate is marked notified only once its email is out: one the mail server
    refused is tried again on the next run. The row stays locked while sending, so
    two workers never both send it.
    """
    sent = 0
    pending = Candidate.objects.filter(urgent=True, notified_at__isnull=True)
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            candidate = pending.select_for_update(skip_locked=True).filter(pk=pk).first()
            if candidate is None:
                continue  # another worker is sending it, or has sent it
            recipients = notification_recipients(groups=["Editors", "Moderators"])
            if recipients:
                try:
                    send_mail(
                        subject=f"[warstatus] Urgent headline: {candidate.title[:120]}",
                        message=(
                            f"A feed headline matched an urgent phrase:\n\n"
                            f"{candidate.title}\n{candidate.url}\n\n"
                            "Review it in the headline inbox: "
                            f"{settings.SITE_URL}{reverse('admin:news_candidate_inbox')}"
                        ),
                        from_email=None,
                        recipient_list=recipients,
                    )
                except (smtplib.SMTPException, OSError):
                    logger.exception("Could not email about urgent headline %s", candidate.pk)
                    continue
                sent += 1
            Candidate.objects.filter(pk=candidate.pk).update(notified_at=timezone.now())
    return sent

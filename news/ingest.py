"""Storing one successful poll: the feed's new entries become candidate headlines.

    store_poll(*, feed, fetched, parsed, now) -> Stored

One transaction per poll: every batch of entries, the feed's new state (ETag,
schedule, release) and the poll's audit entry commit together or not at all, so a
poll that fails half-way leaves nothing half-stored and is simply retried. Each
batch costs one query to learn which of its stories are known (as a candidate of
any feed, or a curated link), at most one insert of new candidates (which returns
what it really inserted) and one of "also in" notes; the whole poll one update of
the feed (made by the first look-up's statement) and one audit entry. So a poll's
queries depend on its feed's size only through FEEDS_MAX_ENTRIES / BATCH_SIZE. The
insert, whose plan does not depend on the table's size, is prepared once per
connection (core.prepared); the look-up is planned afresh each time.

On SQLite (the embedded default) the same steps are SQLite's own statements, the
batch again one JSON document (read by json_each), with the same count of queries
whatever the feed's size: the release is an update of its own (SQLite writes nothing
from a WITH clause); the poll's transaction holds SQLite's one write lock.

Candidates are made by the machine, not by a person: the poll is recorded once,
with its counts, rather than one audit entry per headline (a moderator's decision
on a headline is recorded, by news.services).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction

from audit import services as audit
from audit.models import Action
from core.prepared import prepared_cursor
from news.fetching import Entry, FetchResult, ParsedFeed
from news.models import Candidate, CandidateState, Feed
from news.relevance import Relevance, assessor

# Entries made into objects and sent to the database at a time; with the default
# FEEDS_MAX_ENTRIES (500) every poll is one batch.
BATCH_SIZE = 500


@dataclass
class Stored:
    created: int = 0  # new candidates
    merged: int = 0  # stories another feed brought in first: noted "also in" there
    known: int = 0  # seen before (this feed, a curated link, a rejected headline)
    skipped: int = 0  # no usable http(s) link
    left_out: int = 0  # beyond FEEDS_MAX_ENTRIES
    urgent: bool = False  # a new candidate matched an urgent phrase


@dataclass
class _Batch:
    fresh: list[tuple[Entry, Relevance]]
    also_in: set[int]  # candidates of other feeds carrying a story of this batch


def store_poll(*, feed: Feed, fetched: FetchResult, parsed: ParsedFeed, now: datetime) -> Stored:
    """Store a fetched and parsed feed, release it and record the poll, in one transaction."""
    stored = Stored(left_out=parsed.left_out)
    seen: set[str] = set()  # canonical URLs taken earlier in this poll
    # The commit waits for the disk, though it was the poll's slowest query under load:
    # a poll acknowledged and then lost in a crash would email its urgent headline twice.
    release = _release(feed, fetched, now)
    with transaction.atomic():
        for entries, skipped in parsed.batches(BATCH_SIZE):
            stored.skipped += skipped
            # The feed's new state goes with the poll's first look-up: a round trip less.
            batch = _sort(feed, entries, seen, stored, release=release)
            release = None
            if batch.also_in:
                through = Candidate.also_in.through
                through.objects.bulk_create(
                    [through(candidate_id=pk, feed_id=feed.pk) for pk in batch.also_in],
                    ignore_conflicts=True,
                )
            if batch.fresh:
                stored.created += _insert(feed, batch.fresh, now)
        if release is not None:  # the feed has no entries at all
            if connection.vendor != "postgresql":
                _release_portably(release)
            else:
                with prepared_cursor() as cursor:
                    cursor.execute(_RELEASE, release)
        stored.known += len(seen) - stored.created - stored.merged
        if stored.created or stored.merged:
            audit.record(
                actor=None,
                action=Action.POLLED,
                obj=feed,
                summary=f"{stored.created} new candidate headline(s) from {feed}",
                note=_counts(stored),
            )
    return stored


def _sort(
    feed: Feed, entries: list[Entry], seen: set[str], stored: Stored, *, release: list | None
):
    """Split a batch into new candidates, stories of other feeds and known ones."""
    known = _known(feed, entries, release=release)
    batch = _Batch(fresh=[], also_in=set())
    assess = assessor()
    for entry in entries:
        canonical = entry.canonical_url
        if canonical in seen:
            stored.known += 1  # the feed lists the story twice
            continue
        seen.add(canonical)
        if canonical in known.elsewhere:
            batch.also_in.add(known.elsewhere[canonical])
            stored.merged += 1
            continue
        if canonical in known.here or entry.guid in known.guids:
            continue  # counted as known once the poll's count is in
        rel = assess(entry.title, entry.summary)
        stored.urgent = stored.urgent or rel.urgent
        batch.fresh.append((entry, rel))
    return batch


# The batch travels as one JSON document, read into rows by json_to_recordset: the
# driver quotes one string (in C) where nine arrays of values cost it more than the
# insert itself (about 2 of 4 ms for 50 rows), and the text of the query stays the
# same whatever the batch's size. RETURNING counts what was really inserted, races
# lost to another feed's poll excluded (the unique constraints settle those).
_INSERT = """
INSERT INTO news_candidate (feed_id, guid, url, canonical_url, title, summary,
    published_at, score, matched_terms, urgent, state, reason, created_at)
SELECT %s, guid, url, canonical_url, title, summary, published_at, score,
    matched_terms, urgent, %s, '', %s
FROM json_to_recordset(%s::json) AS t(guid varchar, url varchar, canonical_url varchar,
    title varchar, summary text, published_at timestamptz, score float8,
    matched_terms jsonb, urgent boolean)
ON CONFLICT DO NOTHING
RETURNING 1
"""


def _rows(
    fresh: list[tuple[Entry, Relevance]], *, published: Callable, terms: Callable
) -> list[dict]:
    """The new candidates as the insert's JSON rows; each database stores times and the
    matched terms its own way (`published`, `terms`)."""
    return [
        {
            "guid": entry.guid,
            "url": entry.url,
            "canonical_url": entry.canonical_url,
            "title": entry.title,
            "summary": entry.summary,
            "published_at": published(entry.published_at),
            "score": rel.score,
            "matched_terms": terms(rel.matched_terms),
            "urgent": rel.urgent,
        }
        for entry, rel in fresh
    ]


def _insert(feed: Feed, fresh: list[tuple[Entry, Relevance]], now: datetime) -> int:
    """Insert a batch's new candidates in one statement; how many were inserted."""
    if connection.vendor != "postgresql":
        return _insert_portably(feed, fresh, now)
    rows = _rows(fresh, published=lambda at: at and at.isoformat(), terms=lambda terms: terms)
    with prepared_cursor() as cursor:
        cursor.execute(_INSERT, [feed.pk, CandidateState.PENDING, now, _json(rows)])
        return len(cursor.fetchall())


# SQLite wants `WHERE true` before ON CONFLICT in an INSERT ... SELECT (its grammar
# would otherwise read ON as a join's).
_INSERT_SQLITE = """
INSERT INTO news_candidate (feed_id, guid, url, canonical_url, title, summary,
    published_at, score, matched_terms, urgent, state, reason, created_at)
SELECT %s, value ->> 'guid', value ->> 'url', value ->> 'canonical_url', value ->> 'title',
    value ->> 'summary', value ->> 'published_at', value ->> 'score',
    value ->> 'matched_terms', value ->> 'urgent', %s, '', %s
FROM json_each(%s) WHERE true
ON CONFLICT DO NOTHING
RETURNING 1
"""


def _insert_portably(feed: Feed, fresh: list[tuple[Entry, Relevance]], now: datetime) -> int:
    """`_insert` on SQLite: times as Django stores them there, the terms as JSON text."""
    stored_time = connection.ops.adapt_datetimefield_value
    rows = _rows(fresh, published=stored_time, terms=_json)
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_SQLITE, [feed.pk, CandidateState.PENDING, stored_time(now), _json(rows)]
        )
        return len(cursor.fetchall())


def _json(value: object) -> str:
    # Not ASCII-escaped: PostgreSQL would only decode the escapes again.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class _Known:
    elsewhere: dict[str, int]  # canonical URL -> the candidate of another feed holding it
    here: set[str]  # URLs of this feed's candidates and of curated links
    guids: set[str]  # this feed's GUIDs already stored


# The feed polled, released: its validators kept for the next conditional GET, its
# next poll scheduled and any failing streak over.
_RELEASE = """
UPDATE news_feed SET etag = %s, last_modified = %s, last_polled_at = %s,
    last_success_at = %s, next_poll_at = %s, consecutive_failures = 0,
    failing_since = NULL, last_error = '', claimed_until = NULL
WHERE id = %s
"""


def _release(feed: Feed, fetched: FetchResult, now: datetime) -> list:
    """The parameters of `_RELEASE` for this poll."""
    next_at = now + timedelta(seconds=feed.poll_interval)
    return [fetched.etag[:500], fetched.last_modified[:100], now, now, next_at, feed.pk]


# The batch's URLs and GUIDs as one JSON document, [[url, ...], [guid, ...]], read
# into arrays once by the server: cheaper to pass than arrays the driver quotes.
_BATCH = """
batch AS MATERIALIZED (
    SELECT ARRAY(SELECT json_array_elements_text(doc -> 0))::varchar[] AS urls,
        ARRAY(SELECT json_array_elements_text(doc -> 1))::varchar[] AS guids
    FROM (SELECT %s::json AS doc) AS given
)
"""
_LOOK_UP = """
SELECT canonical_url, guid, feed_id, id FROM news_candidate
    WHERE canonical_url = ANY((SELECT urls FROM batch)::varchar[])
        OR (feed_id = %s AND guid = ANY((SELECT guids FROM batch)::varchar[]))
UNION ALL
SELECT url, '', NULL, NULL FROM news_curatedlink
    WHERE url = ANY((SELECT urls FROM batch)::varchar[])
"""
_KNOWN = f"WITH {_BATCH} {_LOOK_UP}"
# PostgreSQL runs an update in a WITH clause whether or not the query reads it.
_RELEASE_AND_KNOWN = f"WITH released AS ({_RELEASE}), {_BATCH} {_LOOK_UP}"


def _known(feed: Feed, entries: list[Entry], *, release: list | None) -> _Known:
    """Which of the batch's stories are already here, in one query.

    Candidates (of any feed by canonical URL, of this feed by GUID too) and curated
    links by URL, as one UNION of (url, guid, feed id, candidate id); a link's row
    has no feed and no candidate. The lists are one JSON parameter, so the query's
    text is the same for every batch. With `release`, the feed's new state is
    written by the same statement.
    """
    urls = list({e.canonical_url for e in entries})
    guids = list({e.guid for e in entries})
    if connection.vendor != "postgresql":
        return _sorted_known(feed, _known_portably(feed, _json([urls, guids]), release=release))
    # Planned afresh each time, never prepared: a plan made while the table was small
    # (a new site, or statistics not yet gathered) would go on scanning it whole.
    with connection.cursor() as cursor:
        if release is None:
            cursor.execute(_KNOWN, [_json([urls, guids]), feed.pk])
        else:
            cursor.execute(_RELEASE_AND_KNOWN, [*release, _json([urls, guids]), feed.pk])
        rows = cursor.fetchall()
    return _sorted_known(feed, rows)


_KNOWN_SQLITE = """
SELECT canonical_url, guid, feed_id, id FROM news_candidate
    WHERE canonical_url IN (SELECT value FROM json_each(%s, '$[0]'))
        OR (feed_id = %s AND guid IN (SELECT value FROM json_each(%s, '$[1]')))
UNION ALL
SELECT url, '', NULL, NULL FROM news_curatedlink
    WHERE url IN (SELECT value FROM json_each(%s, '$[0]'))
"""


def _known_portably(feed: Feed, batch: str, *, release: list | None) -> list[tuple]:
    """`_known`'s rows on SQLite: the release as an update of its own, then the look-up."""
    if release is not None:
        _release_portably(release)
    with connection.cursor() as cursor:
        cursor.execute(_KNOWN_SQLITE, [batch, feed.pk, batch, batch])
        return cursor.fetchall()


def _release_portably(release: list) -> None:
    """`_RELEASE` on SQLite, through the ORM so its times are stored as Django's are."""
    etag, last_modified, polled_at, success_at, next_at, pk = release
    Feed.objects.filter(pk=pk).update(
        etag=etag,
        last_modified=last_modified,
        last_polled_at=polled_at,
        last_success_at=success_at,
        next_poll_at=next_at,
        consecutive_failures=0,
        failing_since=None,
        last_error="",
        claimed_until=None,
    )


def _sorted_known(feed: Feed, rows) -> _Known:
    known = _Known(elsewhere={}, here=set(), guids=set())
    for url, guid, feed_id, pk in rows:
        if feed_id == feed.pk:
            known.guids.add(guid)
            known.here.add(url)
        elif pk is None:
            known.here.add(url)
        else:
            known.elsewhere[url] = pk
    return known


def _counts(stored: Stored) -> str:
    parts = [f"{stored.created} new"]
    if stored.merged:
        parts.append(f"{stored.merged} already brought in by another feed (noted there)")
    if stored.known:
        parts.append(f"{stored.known} seen before")
    if stored.skipped:
        parts.append(f"{stored.skipped} without a usable link")
    if stored.left_out:
        parts.append(f"{stored.left_out} older entries beyond the limit left out")
    return "; ".join(parts) + "."

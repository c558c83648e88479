"""What each language is waiting for: the English readers are shown in English while
its translation is missing or translates older English, and since when.

One query for the English versions and one for the live translations, whatever the
number of kinds, objects and languages: the staff dashboard, the translators' queue and
the public /translations/ page all read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q

from translations import registry
from translations.models import LiveTranslation, SourceVersion, Submission, SubmissionStatus


@dataclass(frozen=True)
class Waiting:
    """One object shown (wholly or in part) in English to readers of `language`."""

    kind: str
    object_id: int
    language: str
    version: SourceVersion  # the English now
    missing: tuple[str, ...]  # fields never translated
    stale: tuple[str, ...]  # fields whose translation is of older English
    since: datetime  # since when readers have been shown this English untranslated

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(key for key in self.version.texts if key in self.missing + self.stale)


@dataclass
class Lag:
    """One language's backlog."""

    language: str
    waiting: list[Waiting] = field(default_factory=list)
    unreviewed: list[tuple[str, int]] = field(default_factory=list)  # (kind, object_id)

    @property
    def oldest(self) -> datetime | None:
        return min((w.since for w in self.waiting), default=None)


def in_use(kinds: Iterable[str] | None = None) -> Q:
    """The (kind, object_id) pairs of rows readers see now, as one condition."""
    names = list(registry.KINDS) if kinds is None else list(kinds)
    parts = [Q(kind=name, object_id__in=registry.get(name).in_use()) for name in names]
    return reduce(or_, parts, Q(pk__in=[]))


def versions_of(condition: Q, *, with_texts: bool = False) -> dict[tuple[str, int], list]:
    """Every English version of the matching objects, oldest first, by object."""
    rows = SourceVersion.objects.filter(condition).order_by("kind", "object_id", "version")
    if not with_texts:
        rows = rows.defer("texts")
    found: dict[tuple[str, int], list[SourceVersion]] = defaultdict(list)
    for row in rows:
        found[(row.kind, row.object_id)].append(row)
    return found


def since_each(versions: list[SourceVersion]) -> dict[str, datetime]:
    """When each field's English, as it is now, went live: the first of the newest run of
    versions with that text (an edit elsewhere in the object does not move it)."""
    newest = versions[-1]
    since = {}
    for key, digest in newest.hashes.items():
        when = newest.created_at
        for version in reversed(versions):
            if version.hashes.get(key) != digest:
                break
            when = version.created_at
        since[key] = when
    return since


def compare(
    versions: list[SourceVersion], live: LiveTranslation | None, language: str
) -> Waiting | None:
    """The object as readers of `language` get it: None when its translation is current."""
    newest = versions[-1]
    fields = live.fields if live is not None else {}
    missing, stale = [], []
    for key, digest in newest.hashes.items():
        if key not in fields:
            missing.append(key)
        elif fields[key].get("source_hash") != digest:
            stale.append(key)
    if not missing and not stale:
        return None
    since = since_each(versions)
    return Waiting(
        kind=newest.kind,
        object_id=newest.object_id,
        language=language,
        version=newest,
        missing=tuple(missing),
        stale=tuple(stale),
        since=min(since[key] for key in missing + stale),
    )


def lag(languages: Iterable[str] | None = None) -> list[Lag]:
    """Each language's backlog over the rows readers see now, oldest first (two queries)."""
    codes = list(settings.SITE_LANGUAGES if languages is None else languages)
    condition = in_use()
    versions = versions_of(condition)
    live = {
        (row.kind, row.object_id, row.language): row
        for row in LiveTranslation.objects.filter(condition, language__in=codes)
    }
    found = []
    for code in codes:
        backlog = Lag(code)
        for (kind, object_id), history in versions.items():
            row = live.get((kind, object_id, code))
            waiting = compare(history, row, code)
            if waiting is not None:
                backlog.waiting.append(waiting)
            elif not row.reviewed:
                backlog.unreviewed.append((kind, object_id))
        backlog.waiting.sort(key=lambda w: (w.since, w.kind, w.object_id))
        found.append(backlog)
    return found


def pending(languages: Iterable[str]) -> list[Submission]:
    """Submissions awaiting a second translator in these languages, oldest first."""
    return list(
        Submission.objects.filter(language__in=list(languages), status=SubmissionStatus.SUBMITTED)
        .select_related("source_version", "translated_by")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class Label:
    kind_name: str
    text: str
    url: str


def labels(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Label]:
    """How each object is named to people (a query per kind named, at most)."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in pairs:
        by_kind[kind].add(object_id)
    found = {}
    for kind, ids in by_kind.items():
        model = registry.get(kind).model
        for pk, obj in model._default_manager.in_bulk(ids).items():
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
            found[(kind, pk)] = Label(str(model._meta.verbose_name), str(obj), url)
    return found


def last_translated(
    versions: list[SourceVersion], live: LiveTranslation | None, key: str
) -> SourceVersion | None:
    """The newest English version whose text of `key` the live translation translates."""
    digest = ((live.fields if live else {}).get(key) or {}).get("source_hash")
    if digest is None:
        return None
    return next((v for v in reversed(versions) if v.hashes.get(key) == digest), None)

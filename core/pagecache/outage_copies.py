"""While the shared cache is away: this process's own copies of the pages it rendered.

With Redis down or hung, nothing says which content version is current, so without
these every reader's request would render its page afresh (about 15 times the cost of
a hit: a hung Redis took the home page from 2,000 to 18 requests a second in
`python bench/run.py redis-hung`). The database says instead: a copy is served while
the change mark (the newest audit entry that may have changed a page, one indexed
read) is the one it was rendered under, and for a few seconds at most, so a page that
changes with the clock alone (a scheduled explainer, "checked 5 minutes ago") is not
held longer than that. A change made during the outage is seen on the next request.

The mark comes from the audit log, which core does not import: audit registers it in
its `ready()` (`use_change_mark`). Until then nothing is kept.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from core.pagecache.entries import Entry, entry_from, respond
from core.pagecache.outages import DATABASE_DOWN
from core.pagecache.surrogate import page_keys

# Long enough that a spike during an outage costs one render per page and process
# every few seconds; short enough that a clock-driven change is not noticed late.
MAX_AGE = 5.0
KEPT_MAX = 128

_change_mark: Callable[[], int | None] | None = None
_copies: dict[str, _Copy] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class _Copy:
    entry: Entry
    mark: int | None
    kept_at: float


def use_change_mark(mark: Callable[[], int | None]) -> None:
    """`mark()` returns what changes whenever a public page may have: read once per
    request during an outage."""
    global _change_mark
    _change_mark = mark


def serve(request: HttpRequest, key: str) -> HttpResponse | None:
    """The page from this process's copy, if the database says it is still current
    (or cannot say: with the database down too, the last copy beats a 503)."""
    copy = _copies.get(key)
    if copy is None or _change_mark is None:
        return None
    try:
        if not _young(copy) or _change_mark() != copy.mark:
            return None
    except DATABASE_DOWN:
        pass
    # Not for a shared cache to keep: a purge made now may wait for the broker.
    return respond(request, copy.entry, current=False)


def render_and_keep(
    request: HttpRequest, render: Callable[[], HttpResponse], key: str, keys: tuple[str, ...]
) -> HttpResponse:
    """Render the page, keeping a copy under the mark read before the render (a change
    committed meanwhile then moves the mark on, and the copy is not served)."""
    mark = _change_mark() if _change_mark is not None else None
    response = render()
    if response.status_code != 200 or response.streaming:
        return response
    entry = entry_from(response, 0, keys=page_keys(keys, response))
    with _lock:
        if len(_copies) >= KEPT_MAX and key not in _copies:
            _copies.clear()  # rare (the site has few pages); simpler than an LRU
        _copies[key] = _Copy(entry=entry, mark=mark, kept_at=time.monotonic())
    return respond(request, entry, current=False)


def _young(copy: _Copy) -> bool:
    if time.monotonic() - copy.kept_at > MAX_AGE:
        return False
    return copy.entry.fresh_until is None or time.time() < copy.entry.fresh_until

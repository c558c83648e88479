"""Who hears about public audit entries. The log knows none of its listeners.

Apps register a listener in their `AppConfig.ready()`. `audit.services.record`
calls every listener inside the transaction that records a public entry (or, for
`on_content_change`, any entry that may alter a public page), so a
listener that writes rows of its own (or schedules work with
`transaction.on_commit`) commits or rolls back with the change it announces.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.models import AuditEntry

Listener = Callable[["AuditEntry"], None]
# Public but not news (launch content, what an editor marks "not newsworthy"): recorded
# and shown on the changelog as ever; listeners that tell readers leave it out.
_not_news: ContextVar[bool] = ContextVar("audit_not_news", default=False)
_listeners: list[Listener] = []
_change_listeners: list[Listener] = []


def on_public_entry(listener: Listener) -> Listener:
    """Register `listener` (once, however often `ready()` runs)."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def public_entry_recorded(entry: AuditEntry) -> None:
    for listener in _listeners:
        listener(entry)


def on_content_change(listener: Listener) -> Listener:
    """Register `listener` for every entry that may alter a public page, public or not
    (a draft's edit can end a scheduled page's life; staff activity is left out)."""
    if listener not in _change_listeners:
        _change_listeners.append(listener)
    return listener


def content_changed(entry: AuditEntry) -> None:
    for listener in _change_listeners:
        listener(entry)


@contextlib.contextmanager
def not_news(quiet: bool = True) -> Iterator[None]:
    """Entries recorded inside are public record, not news: nobody is told of them
    (`quiet=False` leaves things as they are, for a caller's own flag)."""
    token = _not_news.set(quiet or _not_news.get())
    try:
        yield
    finally:
        _not_news.reset(token)


def is_news() -> bool:
    """For listeners: False inside `not_news()`."""
    return not _not_news.get()


_again: ContextVar[bool] = ContextVar("audit_announce_again", default=False)


@contextlib.contextmanager
def announce_again(again: bool = True) -> Iterator[None]:
    """An editor's say-so: a page published again inside is news again, though it was
    announced once already (listeners otherwise tell readers of a page once)."""
    token = _again.set(again)
    try:
        yield
    finally:
        _again.reset(token)


def announcing_again() -> bool:
    return _again.get()

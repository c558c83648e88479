"""Who hears about public audit entries. The log knows none of its listeners.

Apps register a listener in their `AppConfig.ready()`. `audit.services.record`
calls every listener inside the transaction that records a public entry (or, for
`on_content_change`, any entry that may alter a public page), so a
listener that writes rows of its own (or schedules work with
`transaction.on_commit`) commits or rolls back with the change it announces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.models import AuditEntry

Listener = Callable[["AuditEntry"], None]
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

"""The site-wide content version: the newest audit entry that may have changed a page.

Every change to public content records an audit entry in its own transaction, so the
database itself says which version is current; no cache has to accept a write for a
change to reach readers (a Redis that refuses writes, or is down or hung, delays
nobody). Audit registers the reader of that mark in its `ready()` (`use_mark`): core
imports no app.

A cached page is current while it was rendered under a version at least the current one
(`core.pagecache.entries`). The version a process uses:

- is read from the database by a thread of the process's own (`_Refresher`), at most
  `CONTENT_VERSION_MAX_AGE` seconds old while requests come in, so a hit costs no query
  and a hung database holds no request (the last version read stands meanwhile);
- never goes backwards (a copy Redis kept from before a change, served again after an
  outage, is older than the version and is rendered afresh), and is shared by the
  processes forked from one parent (`_Shared`: gunicorn's workers), so a reader going
  from one worker to the next never gets an older page;
- moves on at once in the process that commits a change (`bump_content_version`), and
  inside that change's transaction for its own thread only (a page rendered there sees
  the change; other threads still read committed data and must not label it new).
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import multiprocessing
import os
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, connections, transaction

logger = logging.getLogger(__name__)

# How long a request waits for a fresh read when the version it has is too old (a
# process that was idle); after that it goes on with the last one read.
WAIT_FOR_READ = 0.5
# After a read failed, requests go on with the last version for this long unwaited.
FAILED_COOL_OFF = 2.0
# A refresher with nothing asked of it for this long stops, closing its connection.
IDLE_STOP = 10.0

_mark: Callable[[], int | None] | None = None
_pending = threading.local()


def use_mark(mark: Callable[[], int | None]) -> None:
    """`mark()` reads the newest change from the database (None: there is none yet)."""
    global _mark
    _mark = mark


class _Shared:
    """The newest version any process forked from this one has seen, in memory they
    share (gunicorn loads the site before it forks its workers): when one worker reads
    or commits a new version, every worker uses it at once, so a reader going from one
    worker to the next never gets an older page than the last. Written rarely (only a
    newer version), under a lock; read without one (an aligned 8-byte load)."""

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, 8)
        self._value = ctypes.c_int64.from_buffer(self._memory)
        try:
            self._lock = multiprocessing.Lock()
        except OSError:  # no shared semaphores here (no /dev/shm): this process alone
            self._lock = threading.Lock()

    def get(self) -> int:
        return self._value.value

    def raise_to(self, value: int) -> None:
        if value > self._value.value:
            with self._lock:
                if value > self._value.value:
                    self._value.value = value

    def reset(self) -> None:
        with self._lock:
            self._value.value = 0


_shared = _Shared()


def max_age() -> float:
    return float(getattr(settings, "CONTENT_VERSION_MAX_AGE", 0.3))


class _Refresher:
    """This process's latest version and the thread that keeps it fresh."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.value: int | None = None
        self.read_at = float("-inf")  # monotonic time of the last read that answered
        self.asked_at = float("-inf")
        self.reading_since: float | None = None
        self.failed_at = float("-inf")
        self.thread: threading.Thread | None = None
        self.stopping = False

    def note(self, value: int) -> None:
        """A version seen here (a read, or a change this process committed): only ever up."""
        _shared.raise_to(value)
        with self.condition:
            if self.value is None or value > self.value:
                self.value = value
            self.condition.notify_all()

    def current(self) -> int | None:
        value = self._current()
        shared = _shared.get()
        if shared and (value is None or shared > value):
            return shared
        return value

    def _current(self) -> int | None:
        now = time.monotonic()
        with self.condition:
            self.asked_at = now
            if now - self.read_at <= max_age():
                return self.value
            self._ensure_thread()
            self.condition.notify_all()
            slow = self.reading_since is not None and now - self.reading_since > WAIT_FOR_READ
            if slow or now - self.failed_at < FAILED_COOL_OFF:
                return self.value  # the database is hung or down: don't wait on it again
            deadline = now + WAIT_FOR_READ
            while time.monotonic() - self.read_at > max_age():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.condition.wait(left)
            return self.value

    def _ensure_thread(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.stopping = False
            self.thread = threading.Thread(target=self._run, name="content-version", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                with self.condition:
                    idle = time.monotonic() - self.asked_at
                    if self.stopping or idle > IDLE_STOP:
                        self.thread = None
                        return
                    self.reading_since = time.monotonic()
                value = self._read()
                with self.condition:
                    self.reading_since = None
                    if value is None:
                        self.failed_at = time.monotonic()
                    else:
                        self.read_at = time.monotonic()
                        _shared.raise_to(value)
                        if self.value is None or value > self.value:
                            self.value = value
                    self.condition.notify_all()
                    self.condition.wait(max_age() / 2)
        finally:
            connections.close_all()  # this thread's own connection

    @staticmethod
    def _read() -> int | None:
        if _mark is None:
            return 0
        try:
            return _mark() or 0
        except Exception:  # down, or a lost connection: try again on a new one
            logger.warning("Could not read the content version", exc_info=True)
            connection.close()
            time.sleep(min(1.0, max_age()))
            return None

    def stop(self) -> None:
        with self.condition:
            thread = self.thread
            self.stopping = True
            self.condition.notify_all()
        if thread is not None:
            thread.join(timeout=5)


_refresher = _Refresher()


def _after_fork() -> None:
    global _refresher
    _refresher = _Refresher()  # threads don't cross a fork (gunicorn's workers)


os.register_at_fork(after_in_child=_after_fork)


def content_version() -> int | None:
    """The version pages are rendered and served under; None if it can't be known yet
    (a process whose database has not answered: serve what copies there are)."""
    value = _refresher.current()
    pending = getattr(_pending, "mark", None)
    if pending is not None:
        if not connection.in_atomic_block:
            _pending.mark = pending = None  # that transaction is over (a rollback)
        elif value is None or pending > value:
            return pending
    return value


def bump_content_version(*, entry_id: int) -> None:
    """`entry_id`: the audit entry that records the change, in the open transaction.
    This thread sees the new version now; the whole process once the change commits;
    every other process within CONTENT_VERSION_MAX_AGE of the commit."""
    _pending.mark = max(entry_id, getattr(_pending, "mark", None) or 0)
    transaction.on_commit(lambda: _committed(entry_id))


def _committed(entry_id: int) -> None:
    _refresher.note(entry_id)
    if getattr(_pending, "mark", None) is not None and _pending.mark <= entry_id:
        _pending.mark = None


def forget() -> None:
    """Start again from the database (the tests, between one test's data and the next)."""
    _pending.mark = None
    _refresher.stop()
    _shared.reset()
    with _refresher.condition:
        _refresher.value = None
        _refresher.read_at = float("-inf")

"""A circuit breaker: once a service has failed, skip it for a few seconds.

A hung server answers nothing, so every call to it waits out its whole timeout; a
site that asks Redis several times per request would spend seconds per page. After a
failure the breaker *opens*: callers are told at once that the service is away, for
`cool_off` seconds. Then a single caller probes (the others still skip, so a server
that is still hung costs one timeout, not one per thread); success closes the breaker.
"""

from __future__ import annotations

import threading
import time


class BreakerOpen(Exception):
    """The service failed moments ago: not tried again yet."""


class CircuitBreaker:
    def __init__(self, *, cool_off: float):
        self.cool_off = cool_off
        self._lock = threading.Lock()
        self._open = False
        self._retry_at = 0.0
        self._probing = False

    @property
    def closed(self) -> bool:
        return not self._open

    def enter(self) -> bool:
        """May the service be called now? False: go ahead (closed). True: go ahead as
        the one probe, and report the outcome. Raises BreakerOpen: skip it."""
        if not self._open:  # the common case, without taking the lock
            return False
        with self._lock:
            if not self._open:
                return False
            if self._probing or time.monotonic() < self._retry_at:
                raise BreakerOpen
            self._probing = True
            return True

    def succeeded(self) -> None:
        """The probe got through: close. (A success of another caller, let in before the
        breaker opened, closes nothing: only the probe knows it did what the caller
        needs done once the service is back.)"""
        with self._lock:
            if self._probing:
                self._open = self._probing = False

    def failed(self) -> None:
        with self._lock:
            self._open = True
            self._probing = False
            self._retry_at = time.monotonic() + self.cool_off

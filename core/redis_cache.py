"""Django's Redis cache, made optional at every moment and cheaper per call.

Redis is a convenience here, never a dependency: a request must cost milliseconds
more, not seconds, whether Redis is down, refusing connections or hung (stopped, so
connections open and nothing answers). So every call has a short timeout, and a
circuit breaker per Redis server and process (`core.breaker`) skips Redis for a few
seconds after a failure instead of waiting on each call. The error callers then get
is a `redis.exceptions.ConnectionError`, as when Redis is down.

When Redis answers again, the hooks registered with `after_outage` run before
anything else is read or written. (The content version does not live here: it is read
from the database, `core.cache_version`, so a copy Redis kept from before an outage is
never served after it.)

Django also builds a new `redis.Redis` for every cache operation, and each one builds
a table of ~200 response callbacks: on a cached page that was most of the cost. A
client is thread-safe (connections come from its pool), so one per pool serves.

OPTIONS beyond redis-py's own: `breaker_cool_off`, seconds to skip Redis after a
failure (default 5).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.breaker import BreakerOpen, CircuitBreaker

logger = logging.getLogger(__name__)

# Unless the settings say otherwise: long enough for a loaded Redis on the same
# network, short enough that one hung call is not noticed by a reader.
DEFAULT_TIMEOUT = 0.5
DEFAULT_COOL_OFF = 5.0
# What says "Redis is not answering" (a ResponseError is an answer).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailable(RedisConnectionError):
    """Redis failed moments ago; the breaker skips it for now."""


_breakers: dict[tuple[str, ...], CircuitBreaker] = {}
_breakers_lock = threading.Lock()
_recovery_hooks: list[Callable[[], None]] = []
# Set while recovery hooks run, so the cache calls they make go straight to Redis.
_recovering = threading.local()


def after_outage(hook: Callable[[], None]) -> None:
    """Run `hook` when Redis answers again after a failure, before the call that found
    it back. It may use the cache; if it raises, Redis counts as still away."""
    if hook not in _recovery_hooks:
        _recovery_hooks.append(hook)


def breaker_for(servers: list[str], cool_off: float) -> CircuitBreaker:
    """One breaker per server list and process: Django gives each thread its own cache
    object, but they all talk to the same Redis."""
    key = tuple(servers)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(cool_off=cool_off)
        return _breakers[key]


def _guarded(method: Callable) -> Callable:
    @functools.wraps(method)
    def call(self: _GuardedClient, *args, **kwargs):
        if getattr(_recovering, "active", False):
            return method(self, *args, **kwargs)
        breaker = self.breaker
        try:
            probing = breaker.enter()
        except BreakerOpen:
            raise CacheUnavailable("Redis failed moments ago: skipped for now") from None
        try:
            if probing:
                _recover()
            result = method(self, *args, **kwargs)
        except UNAVAILABLE:
            breaker.failed()
            raise
        except BaseException:
            if probing:  # Redis answered (e.g. incr of a missing key): it is back
                breaker.succeeded()
            raise
        if probing:
            breaker.succeeded()
            logger.warning("Redis answers again: using the cache")
        return result

    return call


def _recover() -> None:
    _recovering.active = True
    try:
        for hook in _recovery_hooks:
            try:
                hook()
            except UNAVAILABLE:
                raise
            except Exception:  # a bug in one hook must not keep the cache switched off
                logger.exception("A cache recovery hook failed: %r", hook)
    finally:
        _recovering.active = False


class _GuardedClient(RedisCacheClient):
    def __init__(self, servers, *, breaker: CircuitBreaker, **options):
        super().__init__(servers, **options)
        self.breaker = breaker
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    add = _guarded(RedisCacheClient.add)
    get = _guarded(RedisCacheClient.get)
    set = _guarded(RedisCacheClient.set)
    touch = _guarded(RedisCacheClient.touch)
    delete = _guarded(RedisCacheClient.delete)
    get_many = _guarded(RedisCacheClient.get_many)
    has_key = _guarded(RedisCacheClient.has_key)
    incr = _guarded(RedisCacheClient.incr)
    set_many = _guarded(RedisCacheClient.set_many)
    delete_many = _guarded(RedisCacheClient.delete_many)
    clear = _guarded(RedisCacheClient.clear)


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        cool_off = float(options.pop("breaker_cool_off", DEFAULT_COOL_OFF))
        options.setdefault("socket_connect_timeout", DEFAULT_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = functools.partial(
            _GuardedClient, breaker=breaker_for(self._servers, cool_off)
        )

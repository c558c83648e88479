"""The production settings for the freshness fault tests' gunicorn (tests/edge/test_freshness.py),
with the bounds shortened so a fault costs seconds, not minutes: a shared cache keeps a
page 2 s (SHARED_CACHE_MAX_AGE, 30 in production) and the cache skips a failed Redis for
1 s (5 in production). Static files are found by name, as in tests/edge/gunicorn_settings."""

from tests.edge.gunicorn_settings import *  # noqa: F403

SHARED_CACHE_MAX_AGE = 2
CACHES["default"]["OPTIONS"]["breaker_cool_off"] = 1.0  # noqa: F405

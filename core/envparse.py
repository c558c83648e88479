"""Strict parsing of environment variables.

django-environ reads the values; these helpers refuse anything ambiguous so a
typo in production is a start-up error that names the variable, never a
silent default.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of {sorted(_TRUE | _FALSE)}"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}")
    return number


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_choice(name: str, default: str, *, choices: set[str]) -> str:
    """One of `choices`, compared without regard to case (returned as in `choices`)."""
    value = _raw(name)
    if value is None:
        return default
    by_case = {c.lower(): c for c in choices}
    if value.lower() not in by_case:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of {sorted(choices)}")
    return by_case[value.lower()]


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated items; an empty item (`a,,b`, `" , "`) is a typo, not "none"."""
    value = _raw(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise ImproperlyConfigured(
            f"{name}={value!r} has an empty item: write the values separated by single commas"
        )
    return items


def env_url(name: str, default: str | None, *, schemes: set[str]) -> str | None:
    """A URL whose scheme is one of `schemes` and which names a host (or a path for sqlite)."""
    value = _raw(name)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name}={_redact(value)!r} must be a URL starting with one of "
            f"{', '.join(sorted(s + '://' for s in schemes))}"
        )
    if not parts.scheme.startswith("sqlite") and not parts.hostname:
        raise ImproperlyConfigured(f"{name}={_redact(value)!r} names no host")
    return value


def env_url_list(name: str, default: list[str], *, schemes: set[str]) -> list[str]:
    items = env_list(name, default)
    for item in items:
        parts = urlsplit(item)
        if parts.scheme not in schemes or not parts.hostname:
            raise ImproperlyConfigured(
                f"{name} holds {item!r}, which is not a {'/'.join(sorted(schemes))} origin"
            )
    return items


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Beyond this a duration is a typo (and timedelta itself overflows near 10**9 days).
_LONGEST = timedelta(days=3650)


def env_duration(name: str, default: timedelta) -> timedelta:
    """A duration such as `90s`, `30m`, `24h` or `2d` (a bare number is seconds)."""
    value = _raw(name)
    if value is None:
        return default
    unit = value[-1].lower()
    number = value[:-1] if unit in _UNITS else value
    try:
        amount = float(number)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a duration: write e.g. 90s, 30m, 24h or 2d"
        ) from None
    if not math.isfinite(amount) or amount <= 0:
        raise ImproperlyConfigured(f"{name}={value!r} must be a finite time longer than zero")
    seconds = amount * _UNITS.get(unit, 1)
    if seconds > _LONGEST.total_seconds():
        raise ImproperlyConfigured(f"{name}={value!r} is longer than ten years: is it a typo?")
    return timedelta(seconds=seconds)


_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def env_time(name: str, default: time) -> time:
    """A time of day as 24-hour `HH:MM` (`07:00`, `18:30`); anything else (`7am`, `7:00`,
    `24:00`) is refused rather than guessed at."""
    value = _raw(name)
    if value is None:
        return default
    match = _TIME_OF_DAY.fullmatch(value)
    if match is None:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a time of day: write 24-hour HH:MM, e.g. 07:00"
        )
    return time(int(match[1]), int(match[2]))


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(parts.password, "***")
    return url


def env_secret(name: str, *, min_length: int) -> str:
    """A key: at least `min_length` characters, no whitespace; "" when unset.

    The error never repeats the value: it may be most of a real key with a typo in it.
    """
    value = _raw(name)
    if value is None:
        return ""
    if len(value) < min_length or any(c.isspace() for c in value):
        raise ImproperlyConfigured(
            f"{name} must be at least {min_length} characters with no spaces (it has "
            f"{len(value)}); generate one: "
            'python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    return value


@contextmanager
def configuration_errors_exit() -> Iterator[None]:
    """A wrong value read inside the block ends the process with its one sentence.

    An operator who typed `DEBUG=maybe` reads the sentence naming the variable on
    stderr, not fifty lines of traceback ending in it. Only ImproperlyConfigured is
    shortened: every one raised by the helpers above or settings.py's own checks names
    what to fix. Anything else, a bug, keeps its traceback.
    """
    try:
        yield
    except ImproperlyConfigured as error:
        sentence = " ".join(str(error).split())
        print(f"Configuration error: {sentence}", file=sys.stderr)
        raise SystemExit(1) from None


def load_settings_or_exit() -> None:
    """Load Django's settings now, a wrong value ending the process in one sentence.

    The entry points (manage.py, gunicorn.conf.py, the Celery app's configuration) call
    this before anything else reads a setting.
    """
    from django.conf import settings

    with configuration_errors_exit():
        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads the module

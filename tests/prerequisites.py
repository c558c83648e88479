"""The services the suite needs, checked once before it starts (see the README)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
from urllib.parse import urlsplit

from django.conf import settings

INSTALL = "apt-get install postgresql redis-server chromium varnish varnish-modules"


def _answers(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def missing_prerequisites(*, browser: bool) -> list[str]:
    """One sentence per missing prerequisite, naming it and how to get it."""
    problems = []
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        url = f"postgres://{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        if not _answers(url, 5432):
            problems.append(
                f"PostgreSQL is not answering at {url.removeprefix('postgres://')} "
                f"(DATABASE_URL): start it, or install it with `{INSTALL}`."
            )
    elif not database["ENGINE"].endswith("sqlite3"):
        problems.append(
            "DATABASE_URL names neither PostgreSQL nor SQLite: run the suite with `make test`."
        )
    if not settings.REDIS_URL:
        problems.append("REDIS_URL is not set: run the suite with `make test`.")
    elif not _answers(settings.REDIS_URL, 6379):
        problems.append(
            f"Redis is not answering at {urlsplit(settings.REDIS_URL).netloc} (REDIS_URL): "
            f"start it, or install it with `{INSTALL}`."
        )
    varnishd = shutil.which("varnishd", path=os.environ.get("PATH", "") + ":/usr/sbin")
    xkey = glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")
    if varnishd is None or not xkey:
        problems.append(
            "Varnish with its xkey module is not installed, needed by tests/edge: "
            f"install it with `{INSTALL}`."
        )
    if browser and not os.path.exists(chromium_path()):
        problems.append(
            f"Chromium is not installed at {chromium_path()} (CHROMIUM_PATH), "
            f"needed by tests/browser: install it with `{INSTALL}`."
        )
    return problems

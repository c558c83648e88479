"""Which release of the code is running, as a fingerprint of its source.

It is part of every cached page's key: a deploy changes templates, views and
the hashed names of static files, so a page rendered by one release must never
be served by another (old HTML would point at stylesheets the new image no
longer has). Two processes running the same code share their cached pages.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sys
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings

logger = logging.getLogger(__name__)

SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".svg", ".css", ".js", ".json"}


def fingerprint(folders: Iterable[Path]) -> str:
    """A short hash of every source file's path and content under `folders`."""
    digest = hashlib.sha256()
    for folder in sorted({Path(f).resolve() for f in folders}):
        for path in sorted(folder.rglob("*")):
            if (
                path.suffix in SOURCE_SUFFIXES
                and path.is_file()
                and "__pycache__" not in path.parts
            ):
                digest.update(str(path.relative_to(folder.parent)).encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def source_folders() -> list[Path]:
    """The project's own apps, templates and static sources (not its dependencies)."""
    base = Path(settings.BASE_DIR).resolve()
    installed = Path(sys.prefix).resolve()  # a virtualenv may sit inside the project
    folders = {Path(config.path).resolve() for config in apps.get_app_configs()}
    folders.add(Path(import_module(settings.ROOT_URLCONF).__file__).resolve().parent)
    folders |= {Path(d).resolve() for t in settings.TEMPLATES for d in t.get("DIRS", ())}
    folders |= {Path(d).resolve() for d in settings.STATICFILES_DIRS}
    ours = [
        f
        for f in folders
        if f.is_dir() and f.is_relative_to(base) and not f.is_relative_to(installed)
    ]
    # A folder inside another one is hashed once.
    return [f for f in ours if not any(f != o and f.is_relative_to(o) for o in ours)]


@functools.cache
def release_id() -> str:
    try:
        return fingerprint(source_folders())
    except OSError:  # an unreadable file must not take every public page down with it
        logger.exception("Could not fingerprint the release; cached pages are not per release")
        return "unknown"

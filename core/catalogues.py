"""Compile the interface catalogues (locale/<code>/LC_MESSAGES/django.po) to the .mo files
Django reads, with polib: no GNU gettext needed on the machine or in the image.

    python -m core.catalogues [FOLDER]      (FOLDER: locale/ beside manage.py)

Run by `make install`, `bin/run` and the Dockerfile. Fuzzy entries are left out, as
msgfmt leaves them out. Each .mo is written beside a temporary name and renamed into
place, so test workers compiling at once never read half a file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    catalogue = polib.pofile(str(po_path))
    handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo-new")
    os.close(handle)
    try:
        catalogue.save_as_mofile(temporary)
        os.replace(temporary, mo_path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return mo_path


def compile_all(folder: Path = LOCALE) -> list[Path]:
    return [compile_catalogue(po) for po in sorted(folder.glob("*/LC_MESSAGES/*.po"))]


if __name__ == "__main__":
    written = compile_all(Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE)
    print(f"catalogues: compiled {len(written)}")

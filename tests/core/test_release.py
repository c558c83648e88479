"""The release fingerprint that keeps one deploy's cached pages from the next."""

import sys
from pathlib import Path

from django.conf import settings

from core.release import fingerprint, source_folders


def _project(root: Path) -> Path:
    (root / "app" / "__pycache__").mkdir(parents=True)
    (root / "app" / "views.py").write_text("def home(): ...\n")
    (root / "app" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00compiled")
    (root / "templates").mkdir()
    (root / "templates" / "home.html").write_text("<h1>Is NATO at war with Russia?</h1>")
    return root


def test_a_changed_template_view_or_stylesheet_is_a_new_release(tmp_path):
    root = _project(tmp_path)
    folders = [root / "app", root / "templates"]
    first = fingerprint(folders)
    assert fingerprint(folders) == first  # the same code: the same release
    (root / "app" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00other")
    assert fingerprint(folders) == first  # compiled files are not the source
    (root / "templates" / "home.html").write_text("<h1>Is NATO at war with Russia? No.</h1>")
    assert fingerprint(folders) != first
    second = fingerprint(folders)
    (root / "app" / "site.css").write_text("body { color: black }")
    assert fingerprint(folders) not in {first, second}


def test_the_release_is_the_projects_own_code_not_its_installed_dependencies():
    folders = source_folders()
    base = Path(settings.BASE_DIR).resolve()
    for own in ("warstatus", "status", "news", "explainers", "templates", "static"):
        assert base / own in folders, own
    assert not [f for f in folders if f.is_relative_to(Path(sys.prefix).resolve())]

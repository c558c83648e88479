"""The import rules of ARCHITECTURE.md hold, and the check would catch a break."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]


def _lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=folder,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_import_rule_is_kept():
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def _copy_of_the_code(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_import(path: Path, line: str) -> None:
    path.write_text(path.read_text() + f"\n\ndef _forbidden():\n    {line}\n")


@pytest.mark.parametrize(
    ("module", "line", "refusal"),
    [
        (
            "core/durations.py",
            "from status.models import Verdict",
            "core is not allowed to import status",
        ),
        (
            "audit/services.py",
            "from subscriptions import tasks",
            "audit is not allowed to import subscriptions",
        ),
        ("news/services.py", "import status.selectors", "news is not allowed to import status"),
        (
            "explainers/selectors.py",
            "from status.models import Verdict",
            "explainers is not allowed to import status",
        ),
        (
            "incidents/selectors.py",
            "from explainers.models import Explainer",
            "incidents is not allowed to import explainers",
        ),
        ("status/selectors.py", "import pages.dashboard", "status is not allowed to import pages"),
        (
            "news/services.py",
            "from warstatus import celery",
            "news is not allowed to import warstatus",
        ),
    ],
    ids=[
        "core-imports-an-app",
        "audit-reaches-up",
        "news-imports-status",
        "a-cycle-through-explainers",
        "siblings-import-each-other",
        "an-app-imports-the-pages",
        "an-app-imports-the-wiring",
    ],
)
def test_an_import_up_the_layers_breaks_the_rules(tmp_path, module, line, refusal):
    copy = _copy_of_the_code(tmp_path)
    _add_import(copy / module, f"{line}  # noqa")
    proc = _lint_imports(copy)
    assert proc.returncode != 0
    assert refusal in proc.stdout

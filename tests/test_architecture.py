"""The import rules of ARCHITECTURE.md hold, and the check would catch a break."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

from core.pagecache.surrogate import keys_for_change
from core.roles import EDITORS, MODERATORS, ROLE_NAMES, ROLES
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


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals a module's code uses: not its docstrings or comments."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and " " not in node.value  # a name, a key or a dotted path; not a sentence
    ]


# Words that are an app's label but here mean something else.
NOT_AN_APP = {("core/health.py", "status")}  # the health report's own field


def test_the_core_names_no_app():
    """Apps register what the core needs (surrogate keys, role permissions) in their
    AppConfig.ready(), so adding an app touches no file in core/."""
    labels = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and config.label != "core"
    }
    assert {"status", "news", "incidents", "audit"} <= labels
    word = re.compile(rf"\b({'|'.join(sorted(labels))})\b")
    named = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted((ROOT / "core").rglob("*.py"))
        for line, text in _code_strings(path)
        for label in word.findall(text)
        if (str(path.relative_to(ROOT)), label) not in NOT_AN_APP
    ]
    assert named == []


def test_the_apps_grant_every_role_its_permissions():
    assert "status.add_verdict" in ROLES[EDITORS]
    assert "news.moderate_curatedlink" in ROLES[MODERATORS]
    assert ROLE_NAMES["audit-reader"] == "Audit readers"
    assert keys_for_change(app_label="news", model="feed", object_id="1", public=True) == {
        "news",
        "changelog",
    }


ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text()


def test_every_name_the_architecture_page_cites_exists():
    """A dotted name (`core.roles.grant`) imports, a path (`core/roles.py`) exists: the
    page cannot go on describing code that was renamed or removed."""
    dotted = re.compile(rf"(?<![\w/.])(?:{'|'.join(PACKAGES)})(?:\.\w+)+")
    missing = []
    for name in sorted(set(dotted.findall(ARCHITECTURE))):
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attribute in parts[cut:]:
                found = getattr(found, attribute, None)
            if found is None:
                missing.append(name)
            break
        else:
            missing.append(name)
    cited_paths = re.findall(r"(?<![\w.])(?:[\w.-]+/)+[\w.-]*", ARCHITECTURE)
    missing += sorted({path for path in cited_paths if not (ROOT / path).exists()})
    assert len(cited_paths) > 40
    assert missing == []


def test_the_architecture_page_describes_every_package_and_core_module():
    named = set(re.findall(r"(?<![\w.])(?:[\w.-]+/)+[\w.-]*", ARCHITECTURE))
    packages = [f"{package}/" for package in PACKAGES]
    modules = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "core").glob("*.py")
        if path.name not in {"__init__.py", "apps.py"}
    ]
    assert [path for path in packages + modules if path not in named] == []

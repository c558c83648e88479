"""A clone of this repository alone installs the same thing every time and runs as the README says."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import tomllib
import urllib.request
from pathlib import Path

from packaging.requirements import Requirement

from tests.conftest import ROOT
from tests.processes import bare_env, free_port

# Everything the project runs or reads: code, tests, scripts, configuration.
SCANNED_SUFFIXES = {".py", ".sh", ".toml", ".yml", ".yaml", ".cfg", ".ini", ".html", ".txt", ""}


def _tracked_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    files = [ROOT / name.decode() for name in names if name]
    return [
        path
        for path in files
        if path.is_file()
        and path.suffix in SCANNED_SUFFIXES
        and "fixtures" not in path.relative_to(ROOT).parts
    ]


def paths_outside(path: Path, text: str) -> list[str]:
    """The places in `text` (the file at `path`) that name a path above the project root."""
    found = []
    depth = len(path.relative_to(ROOT).parts) - 1  # folders between ROOT and the file
    for match in re.finditer(r"(?<![\w.])((?:\.\./)+)", text):
        is_link = re.search(r"(href|src|action)=[\"']?$", text[: match.start()][-8:])
        if match.group(1).count("../") > depth and not is_link:
            found.append(match.group(0))
    for match in re.finditer(r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parent)+)", text):
        if match.group(1).count(".parent") - 1 > depth:
            found.append(match.group(0))
    for match in re.finditer(r"\.parents\[(\d+)\]", text):
        if int(match.group(1)) > depth:
            found.append(match.group(0))
    found += re.findall(r"\b(?:ROOT|BASE_DIR)\.parent\b", text)
    found += re.findall(r"(?<![\w/])/work/[\w./-]*|\bshared/corpora\b", text)
    return found


def test_no_file_in_the_repository_reads_a_path_above_the_project_root():
    offenders = {}
    for path in _tracked_files():
        if path == Path(__file__):
            continue  # this file names the patterns it looks for
        found = paths_outside(path, path.read_text(errors="replace"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_path_rule_catches_each_way_out_of_the_repository():
    deep = ROOT / "tests" / "news" / "test_x.py"
    assert paths_outside(deep, 'CORPORA = ROOT.parent / "shared"')
    assert paths_outside(deep, "open('../../../shared/corpora/x.json')")
    assert paths_outside(deep, "HERE = Path(__file__).resolve().parent.parent.parent.parent")
    assert paths_outside(deep, "Path(__file__).parents[3]")
    assert paths_outside(deep, 'json.load(open("/work/shared/x.json"))')
    # Inside the repository is fine.
    assert not paths_outside(deep, "ROOT = Path(__file__).resolve().parent.parent.parent")
    assert not paths_outside(deep, "open('../conftest.py')")
    assert not paths_outside(deep, '<a href="../../../../3/change/">')


def test_the_lock_pins_every_dependency_within_the_ranges_pyproject_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    pins = {}
    for lock_name in ("requirements.lock", "requirements-dev.lock"):
        lock = (ROOT / lock_name).read_text()
        found = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.MULTILINE)
        for name, version in found:
            name = name.lower().replace("_", "-")
            # The dev lock adds tools; it never pins a runtime package again, or differently.
            assert name not in pins, f"{name} is in both locks: make lock"
            pins[name] = version
        blocks = re.split(r"\n(?=\S)", lock.split("\n", 2)[2])
        entries = [b for b in blocks if b.strip()[:1] not in {"", "#"}]
        unhashed = [b.split()[0] for b in entries if "--hash=sha256:" not in b]
        assert unhashed == [], lock_name
    for requirement in wanted:
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is in pyproject.toml but in neither lock: make lock"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]}: make lock"


def stop_group(proc: subprocess.Popen) -> None:
    """Stop `make` and what it started: politely, then (a slow shutdown) for good."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    if proc.stdout is not None:
        proc.stdout.close()  # read or not, the pipe is done with


def test_make_run_serves_the_home_page_with_its_launch_content_on_sqlite(tmp_path):
    port = free_port()
    # Only the file is moved out of the checkout; the command is the README's.
    env = bare_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"RUN_ADDRESS=127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 120
        while body is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    body = response.read().decode()
            except OSError:
                time.sleep(0.5)
        assert body is not None, "make run did not serve / within 120 s"
        assert "Is NATO at war with Russia?" in body
        assert 'class="answer state-' in body
    finally:
        stop_group(proc)


def test_make_lint_passes_as_the_readme_writes_it():
    proc = subprocess.run(
        ["make", "--no-print-directory", "lint"],
        cwd=ROOT,
        env=bare_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_make_lock_reproduces_the_committed_lock_from_pyproject(tmp_path):
    """The locks are what pyproject.toml's ranges resolve to: nobody edited one and not the other."""
    copy, dev_copy = tmp_path / "requirements.lock", tmp_path / "requirements-dev.lock"
    copy.write_text((ROOT / "requirements.lock").read_text())
    dev_copy.write_text((ROOT / "requirements-dev.lock").read_text())
    proc = subprocess.run(
        ["make", "--no-print-directory", "lock", f"LOCK_OUT={copy}", f"DEV_LOCK_OUT={dev_copy}"],
        cwd=ROOT,
        env=bare_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    strip = lambda text: [line for line in text.splitlines() if not line.startswith("#")]  # noqa: E731
    assert strip(copy.read_text()) == strip((ROOT / "requirements.lock").read_text())
    assert strip(dev_copy.read_text()) == strip((ROOT / "requirements-dev.lock").read_text())


def test_make_worker_starts_a_worker_that_runs_tasks(monkeypatch):
    from tests.conftest import require_redis
    from warstatus.celery import app as celery_app

    # The task goes to the worker `make worker` starts, not run in this process.
    monkeypatch.setitem(celery_app.conf, "CELERY_TASK_ALWAYS_EAGER", False)

    queue = f"make-worker-{os.getpid()}"
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "worker"],
        cwd=ROOT,
        env=bare_env(DEBUG="true", REDIS_URL=require_redis(), CELERY_QUEUE=queue),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        result = celery_app.send_task("warstatus.ping", queue=queue)
        assert result.get(timeout=60) == "pong"
    finally:
        stop_group(proc)


def test_make_beat_starts_the_scheduler(tmp_path):
    from tests.conftest import require_redis

    proc = subprocess.Popen(
        ["make", "--no-print-directory", "beat"],
        cwd=ROOT,
        env=bare_env(DEBUG="true", REDIS_URL=require_redis()),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        seen = ""
        deadline = time.monotonic() + 60
        while "Starting..." not in seen and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, seen
            seen += line
        assert "beat: Starting..." in seen, seen
    finally:
        stop_group(proc)

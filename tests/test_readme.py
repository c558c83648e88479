"""Every command the README prints works exactly as printed.

The commands are read from the README itself: each line of its ```sh blocks, and each
inline `code` that starts with a command (`make ...`, `manage.py NAME`, `.venv/bin/...`,
`python ...`, `docker compose ...`, optionally after NAME=value settings). Each one is
either run here, exactly as printed, in a bare shell inside a copy of the checkout (its
database a fresh SQLite file migrated as `make run` migrates it), or sent by a rule below
to the test that runs it, or to the reason it cannot run on this machine. A command no
rule takes fails the test: a new command in the README needs a way to be checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.processes import bare_env

README = ROOT / "README.md"
STARTS = {"make", "manage.py", "python", "bash", "git", "apt-get", "cp", "docker"}


def is_command(code: str) -> bool:
    words = code.split()
    while words and re.fullmatch(r"[A-Z][A-Z0-9_]*=\S*", words[0]):
        words.pop(0)
    if len(words) < 2:
        return False  # a name (`manage.py`, `docker compose`), not a command
    first = words[0]
    if first == "docker":
        return words[1] == "compose" and len(words) > 2
    return first in STARTS or first.startswith(".venv/bin/")


def readme_commands(text: str) -> list[str]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                commands.append(line)
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL).replace("\n", " ")
    commands += [code.strip() for code in re.findall(r"`([^`]+)`", prose) if is_command(code)]
    return list(dict.fromkeys(commands))


@dataclass(frozen=True)
class Run:
    """Run here, exactly as printed (`inner`: the command given to `docker compose exec
    web`, run with the venv's Python standing in for the image's). `manage.py NAME`
    written inline runs as `.venv/bin/python manage.py NAME` under `make run`'s DEBUG=true."""

    expect: str = ""
    inner: bool = False


@dataclass(frozen=True)
class Test:
    """Run by another test, named here (it must exist)."""

    __test__ = False  # a rule, not a test class for pytest to collect

    node: str
    why: str


@dataclass(frozen=True)
class Elsewhere:
    """Not runnable on this machine or in a test; why, and what checks it instead."""

    why: str


# First match wins; each pattern must match the whole command.
RULES: list[tuple[str, Run | Test | Elsewhere]] = [
    (
        r"make run( RUN_ADDRESS=\S+)?",
        Test(
            "tests/warstatus/test_embedded_default.py::test_make_runs_processes_bring_a_new_feeds_headlines_to_the_inbox_and_stop_on_ctrl_c",
            "it serves until stopped: the test starts its processes on a free port",
        ),
    ),
    (
        r"([A-Z_]+=\S+ )*(make test(-sqlite|-postgres)?( .*)?|bash \.ci/run)",
        Elsewhere("the suite itself: CI runs .ci/run, which runs make test"),
    ),
    (r"make install", Elsewhere("CI: .ci/run runs make install in a fresh clone")),
    (
        r"make lint",
        Test("tests/test_project.py::test_make_lint_passes_as_the_readme_writes_it", "lint"),
    ),
    (
        r"make lock( UPGRADE=\S+)?",
        Test(
            "tests/test_project.py::test_make_lock_reproduces_the_committed_lock_from_pyproject",
            "the test writes the locks beside the committed ones; UPGRADE would move pins",
        ),
    ),
    (r"make format", Run()),
    (
        r"make worker",
        Test(
            "tests/test_project.py::test_make_worker_starts_a_worker_that_runs_tasks",
            "runs until stopped",
        ),
    ),
    (
        r"make beat",
        Test("tests/test_project.py::test_make_beat_starts_the_scheduler", "runs until stopped"),
    ),
    (
        r"(DATABASE_URL=\S+ )?make (backup|restore)( FILE=\S+)?",
        Test(
            "tests/warstatus/test_backup.py::test_make_backup_then_make_restore_into_a_fresh_database",
            "needs a PostgreSQL database of its own to dump and restore into",
        ),
    ),
    (
        r"make bench|(\.venv/bin/)?python bench/run\.py .*",
        Elsewhere("a benchmark of minutes that needs wrk; bench/README.md records each run"),
    ),
    (
        r"manage\.py check --deploy --fail-level WARNING",
        Test(
            "tests/warstatus/test_security.py::test_check_deploy_reports_nothing_under_production_settings",
            "under the production variables, bare and compose's",
        ),
    ),
    (
        r"DEBUG=true \.venv/bin/python manage\.py create_staff .*",
        Run("Created editor you@example.org"),
    ),
    (r"manage\.py (poll_feeds|write_digest|verify_audit_log|store_incident_csv)", Run()),
    (r"cp \.env\.example \.env", Run()),
    (
        r"DEBUG=true \.venv/bin/python manage\.py audit_keygen --output \S+",
        Run("AUDIT_PUBLIC_KEY="),
    ),
    (
        r"manage\.py audit_keygen",
        Test(
            "tests/audit/test_signing.py::test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites_it",
            "the command as the README prints it is run above; this is its mention in prose",
        ),
    ),
    (
        r"(DEBUG=true AUDIT_SIGNING_KEY_FILE=\S+ \.venv/bin/python )?manage\.py audit_sign( --every \d+)?",
        Test(
            "tests/audit/test_signing.py::test_the_signer_signs_a_new_head_and_only_then",
            "the signer runs until stopped: the test runs its signing step against the test database",
        ),
    ),
    (
        r"\.venv/bin/python bin/verify-checkpoints .*",
        Test(
            "tests/audit/test_verify_checkpoints.py::test_a_chain_that_grew_extends_the_checkpoints_a_reader_saved",
            "it reads a running site: the test runs bin/verify-checkpoints against a live server",
        ),
    ),
    (
        r"docker compose exec web python manage\.py create_staff .*",
        Run("Created editor you@example.org", inner=True),
    ),
    (
        r"apt-get install .*",
        Elsewhere("needs root and Debian's mirrors; .ci/run installs the same packages"),
    ),
    (
        r"docker compose up -d db && docker compose exec db bash /docker-entrypoint-initdb\.d/init-roles\.sh",
        Test(
            "tests/warstatus/test_database_roles.py::test_on_a_new_database_the_migrations_leave_the_role_only_select_and_insert_on_the_log",
            "no Docker engine here: the test runs the same script against a real PostgreSQL",
        ),
    ),
    (
        r"(git pull && )?docker compose .*",
        Elsewhere(
            "no Docker engine here: tests/warstatus/test_dockerfile.py runs the image's build"
            " steps and tests/warstatus/test_deployment.py checks the compose file"
        ),
    ),
]


def rule_for(command: str) -> Run | Test | Elsewhere | None:
    for pattern, rule in RULES:
        if re.fullmatch(pattern, command):
            return rule
    return None


COMMANDS = readme_commands(README.read_text())
TO_RUN = [c for c in COMMANDS if isinstance(rule_for(c), Run)]


def test_the_readme_commands_are_found():
    for expected in (
        "make run",
        "make test",
        "DEBUG=true .venv/bin/python manage.py create_staff --role editor you@example.org",
        "docker compose up -d --build",
    ):
        assert expected in COMMANDS
    assert not is_command("manage.py") and not is_command("docker compose")


def test_every_readme_command_is_run_here_or_by_a_named_test():
    unchecked = [c for c in COMMANDS if rule_for(c) is None]
    assert unchecked == [], "add a rule: run it here, name its test, or say why it can't run"


@pytest.mark.parametrize(
    "node", sorted({r.node for _, r in RULES if isinstance(r, Test)}), ids=lambda n: n
)
def test_each_named_test_exists(node):
    path, name = node.split("::")
    assert re.search(rf"^def {name}\(", (ROOT / path).read_text(), re.MULTILINE), node


def test_apt_get_installs_what_ci_installs():
    """The README's packages are the ones .ci/run installs on a bare machine."""
    line = next(c for c in COMMANDS if c.startswith("apt-get install"))
    ci = (ROOT / ".ci" / "run").read_text()
    assert [p for p in line.split()[2:] if p not in ci] == []


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the tracked files with this checkout's venv, migrated as `make run`
    migrates, and a copy of that fresh database to start each command from."""
    copy = tmp_path_factory.mktemp("readme") / "warstatus"
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in (n.decode() for n in names if n):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)  # times kept: make sees the venv current
    (copy / ".venv").symlink_to(ROOT / ".venv")
    shell(copy, "DEBUG=true .venv/bin/python manage.py migrate --noinput")
    fresh = copy.parent / "fresh.sqlite3"
    shutil.copy2(copy / "db.sqlite3", fresh)
    return copy, fresh


def shell(cwd: Path, command: str, **env: str) -> str:
    proc = subprocess.run(
        ["/bin/sh", "-c", command],
        cwd=cwd,
        env=bare_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"{command}\n{proc.stdout}{proc.stderr}"
    return proc.stdout + proc.stderr


@pytest.mark.parametrize("command", TO_RUN)
def test_the_readme_command_works_as_printed(command, checkout):
    copy, fresh = checkout
    shutil.copy2(fresh, copy / "db.sqlite3")
    (copy / ".env").unlink(missing_ok=True)
    rule = rule_for(command)
    env = {}
    if rule.inner:  # the image's `python` is the venv's; compose sets the rest
        command = command.split(" exec web ", 1)[1]
        env = {"PATH": f"{copy / '.venv' / 'bin'}:{os.environ['PATH']}", "DEBUG": "true"}
    elif command.startswith("manage.py "):
        command, env = f".venv/bin/python {command}", {"DEBUG": "true"}
    before = {p: p.read_bytes() for p in copy.rglob("*.py") if ".venv" not in p.parts}
    output = shell(copy, command, **env)
    assert rule.expect in output
    if command == "cp .env.example .env":
        assert (copy / ".env").read_bytes() == (copy / ".env.example").read_bytes()
    if command == "make format":  # a clean tree stays as it is
        assert [p for p, text in before.items() if p.read_bytes() != text] == []

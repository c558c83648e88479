"""A wrong environment value stops every entry point with one sentence naming it."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.processes import bare_env

BIN = Path(sys.executable).parent


def _start(command: list[str], **env: str) -> subprocess.CompletedProcess:
    """Start an entry point from a bare shell, as an operator would, and let it stop."""
    return subprocess.run(
        command,
        cwd=ROOT,
        env=bare_env(WEB_BIND="127.0.0.1:0", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _assert_one_sentence_naming(proc: subprocess.CompletedProcess, variable: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert variable in lines[0]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "true", "STATUS_STALE_AFTER": "soon"}, "STATUS_STALE_AFTER"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "EMAIL_TIMEOUT": "30", "WEB_TIMEOUT": "30"}, "EMAIL_TIMEOUT"),
    ],
)
def test_manage_py_names_a_wrong_setting_in_one_line_without_a_traceback(env, variable):
    proc = _start([sys.executable, "manage.py", "check"], **env)
    _assert_one_sentence_naming(proc, variable)


def test_a_celery_worker_names_a_wrong_setting_in_one_line_without_a_traceback():
    proc = _start([str(BIN / "celery"), "-A", "warstatus", "worker"], DEBUG="maybe")
    _assert_one_sentence_naming(proc, "DEBUG")


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"DEBUG": "maybe"}, "DEBUG"), ({"DEBUG": "true", "WEB_WORKERS": "0"}, "WEB_WORKERS")],
)
def test_gunicorn_names_a_wrong_setting_in_one_line_without_a_traceback(env, variable):
    proc = _start([str(BIN / "gunicorn"), "warstatus.wsgi:application"], **env)
    _assert_one_sentence_naming(proc, variable)


def test_a_right_setting_starts_as_before():
    proc = _start([sys.executable, "manage.py", "check"], DEBUG="true")
    assert proc.returncode == 0, proc.stderr
    assert "no issues" in proc.stdout

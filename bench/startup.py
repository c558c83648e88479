"""`python bench/run.py startup`: how long `make run` takes on a fresh clone, cold and warm.

Cold: a clone of this commit into an empty folder, with empty package caches (pip's and
uv's), so every package is downloaded and installed as a newcomer's first run would.
Warm: `make run` again in that clone (the venv and the database already there). Each
time is measured from the command's start to the first 200 from the home page; then
the run is stopped as a person would stop it (Ctrl+C to its process group) and the time
it takes to stop is printed too. Not a test: nothing here asserts; rerun it and compare.
`BENCH_STARTUP_ROUNDS` (1) repeats each measurement, fresh clone each cold round.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.varnish import free_port

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_STARTUP_ROUNDS", "1"))
DEADLINE = 600  # seconds: a run that has not answered by then is reported as failed
# What a newcomer's shell would not have: the suite's and the bench's services.
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")


def _environment(caches: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p
    )
    env["PIP_CACHE_DIR"] = str(caches / "pip")
    env["UV_CACHE_DIR"] = str(caches / "uv")
    return env


def _serve_once(clone: Path, env: dict[str, str]) -> tuple[float | None, float]:
    """Start `make run`, wait for the home page, stop it; (seconds to 200, seconds to stop)."""
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen(
        ["make", "run", f"RUN_ADDRESS=127.0.0.1:{port}"],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    answered = None
    while time.monotonic() - started < DEADLINE and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                if page.status == 200:
                    answered = time.monotonic() - started
                    break
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    stopping = time.monotonic()
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return answered, time.monotonic() - stopping


def _clone(into: Path) -> Path:
    clone = into / "warstatus"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    return clone


def _words(seconds: float | None) -> str:
    return "no answer" if seconds is None else f"{seconds:.1f} s"


def main() -> None:
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%h"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"  commit {commit}, load average {os.getloadavg()[0]:.1f} at the start:")
    for round_number in range(1, ROUNDS + 1):
        with tempfile.TemporaryDirectory(prefix="warstatus-startup-") as folder:
            folder = Path(folder)
            env = _environment(folder / "caches")
            clone = _clone(folder)
            cold, cold_stop = _serve_once(clone, env)
            warm, warm_stop = _serve_once(clone, env)
        print(
            f"  round {round_number}: cold {_words(cold)} (stopped in {cold_stop:.1f} s), "
            f"warm {_words(warm)} (stopped in {warm_stop:.1f} s)"
        )


if __name__ == "__main__":
    sys.exit(main())

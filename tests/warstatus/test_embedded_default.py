"""`make run` alone is the whole product: web, worker and beat on SQLite and a broker
that needs no server, and Ctrl+C leaves nothing running (bin/run)."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.news.feeds import nato_items, rss
from tests.processes import bare_env, free_port

PASSWORD = "a long newcomer password 7"
EXPLAINER = "What the embedded default schedules"


def _launch_env(tmp_path: Path) -> dict[str, str]:
    """A newcomer's bare shell; only where the files go differs from the checkout's."""
    return bare_env(
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        CACHE_DIR=str(tmp_path / "cache"),
        STATE_DIR=str(tmp_path / "state"),
        SECRET_KEY="embedded-test-secret-key-" + "x" * 30,
        AUDIT_KEY="embedded-test-audit-key-" + "y" * 30,
        FEEDS_ALLOW_PRIVATE="true",  # the feed is served on loopback, by this test
    )


def _processes() -> dict[int, tuple[int, str]]:
    """Every live process on the machine: pid -> (parent pid, start time)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it ended meanwhile
        if fields[0] != "Z":  # a zombie has ended, only not yet been reaped
            found[int(stat.parent.name)] = (int(fields[1]), fields[19])
    return found


def _descendants(pid: int) -> set[tuple[int, str]]:
    table = _processes()
    family, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, started) in table.items():
            if ppid == parent:
                family.add((child, started))
                todo.append(child)
    return family


def _still_running(family: set[tuple[int, str]]) -> list[int]:
    table = _processes()
    return [pid for pid, started in family if pid in table and table[pid][1] == started]


def _wait_for(what: str, check, *, seconds: float, launcher: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert launcher.poll() is None, f"bin/run stopped:\n{log.read_text()[-5000:]}"
        try:
            found = check()
        except (httpx.HTTPError, sqlite3.Error):
            found = None
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"{what} not within {seconds:g} s:\n{log.read_text()[-5000:]}")


def _manage(env: dict[str, str], code: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**env, "DEBUG": "true"},
        check=True,
        capture_output=True,
        timeout=120,
    )


def _sign_in(site: httpx.Client) -> None:
    form = site.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    signed_in = site.post(
        "/admin/login/?next=/admin/",
        data={"username": "newcomer", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]


def _add_feed_in_the_admin(site: httpx.Client, url: str) -> None:
    form = site.get("/admin/news/feed/add/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    added = site.post(
        "/admin/news/feed/add/",
        data={
            "url": url,
            "outlet": "",
            "active": "on",
            "poll_interval": "900",
            "csrfmiddlewaretoken": token,
            "_save": "Save",
        },
    )
    assert added.status_code == 302, added.text[:3000]


def _announcement(db: Path) -> tuple[datetime, datetime] | None:
    """When the scheduled explainer was due and when it was announced, once it was."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT publish_at, announced_live_at FROM explainers_explainer"
            " WHERE slug = 'scheduled' AND announced_live_at IS NOT NULL"
        ).fetchone()
        public = conn.execute(
            "SELECT count(*) FROM audit_auditentry WHERE summary = ? AND public",
            [f"New explainer published: {EXPLAINER}"],
        ).fetchone()[0]
    return row and public and tuple(datetime.fromisoformat(t) for t in row)


def test_make_runs_processes_bring_a_new_feeds_headlines_to_the_inbox_and_stop_on_ctrl_c(
    tmp_path, httpserver
):
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(nato_items(3, "loopback.example")), content_type="application/rss+xml"
    )
    env, port, log = _launch_env(tmp_path), free_port(), tmp_path / "run.log"
    # As `make run` starts it (Makefile: `bin/run $(RUN_ADDRESS)`), with the project's Python.
    output = log.open("w")
    launcher = subprocess.Popen(
        [sys.executable, "bin/run", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    output.close()  # the launcher has its own copy of the file
    family: set[tuple[int, str]] = set()
    site = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
    try:
        _wait_for(
            "the site answering",
            lambda: site.get("/healthz").status_code == 200,
            seconds=240,
            launcher=launcher,
            log=log,
        )
        health = site.get("/healthz").json()
        assert health["broker"] == "ok", health  # the filesystem broker, probed
        # A fourth process writes while the three run: an editor's shell.
        _manage(
            env,
            "from datetime import timedelta; from django.utils import timezone;"
            "from django.contrib.auth import get_user_model;"
            "from explainers.services import save_explainer;"
            "from news.models import Outlet;"
            f"u = get_user_model().objects.create_superuser('newcomer', 'n@example.org', "
            f"{PASSWORD!r});"
            # A published page needs a source readers can open from a primary source.
            "Outlet.objects.get_or_create(domain='nato.int', defaults={'name': 'NATO',"
            " 'standing': 'primary'});"
            f"save_explainer(user=u, slug='scheduled', title={EXPLAINER!r}, summary='Soon.',"
            " body='Soon.', state='published', publish_at=timezone.now()"
            " + timedelta(seconds=20),"
            " sources=[{'url': 'https://www.nato.int/', 'title': 'NATO'}])",
        )
        _sign_in(site)
        _add_feed_in_the_admin(site, httpserver.url_for("/feed.xml"))
        added = time.monotonic()
        inbox = _wait_for(
            "the feed's headlines in the inbox",
            lambda: (
                "NATO and Russia story 2" in (p := site.get("/admin/news/candidate/inbox/")).text
                and p
            ),
            seconds=60,
            launcher=launcher,
            log=log,
        )
        assert "NATO and Russia story 0" in inbox.text
        assert time.monotonic() - added < 60
        # Beat's first "publish due explainers" comes a minute after it started.
        due, announced = _wait_for(
            "the scheduled explainer's announcement",
            lambda: _announcement(tmp_path / "db.sqlite3"),
            seconds=150,
            launcher=launcher,
            log=log,
        )
        assert due <= announced <= due + timedelta(seconds=90)  # on time, give or take a run
        assert "Is NATO at war with Russia?" in site.get("/").text
        # The signer signed the chain's head with the key pair made on this first run:
        # the published key checks the checkpoint, as a reader's verifier would.
        signed = _wait_for(
            "a signed checkpoint",
            lambda: (r := site.get("/api/audit/checkpoint.json")).status_code == 200 and r,
            seconds=60,
            launcher=launcher,
            log=log,
        ).json()
        assert signed["head"]["id"] >= 1 and signed["signature"].startswith("ed25519:")
        public_pem = site.get("/api/audit/public-key.pem")
        assert public_pem.status_code == 200
        assert (tmp_path / "state" / "audit-signing-key.pem").stat().st_mode & 0o077 == 0
        assert "PRIVATE" not in public_pem.text
        (tmp_path / "public.pem").write_bytes(public_pem.content)
        verified = subprocess.run(
            [sys.executable, "bin/verify-checkpoints", "--site", f"http://127.0.0.1:{port}"]
            + ["--public-key", str(tmp_path / "public.pem"), "--full"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert verified.returncode == 0, verified.stdout + verified.stderr

        family = _descendants(launcher.pid)
        assert len(family) >= 3  # web, worker and beat, and whatever they started
        launcher.send_signal(signal.SIGINT)  # Ctrl+C
        assert launcher.wait(timeout=60) == 0, log.read_text()[-5000:]
        assert _still_running(family) == [], log.read_text()[-5000:]
    finally:
        site.close()
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGINT)
            launcher.wait(timeout=60)
        for pid in _still_running(family):  # a failed run leaves nothing behind either
            subprocess.run(["kill", "-9", str(pid)], check=False)
    output = log.read_text()
    for noise in ("No hostname was supplied", "database is locked", "Traceback"):
        assert noise not in output, output[-5000:]

"""gunicorn as the Dockerfile runs it: its trust of forwarded headers follows BEHIND_PROXY."""

import http.client
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.processes import bare_env, free_port


@pytest.fixture
def gunicorn(tmp_path):
    """Start gunicorn with gunicorn.conf.py and the given environment; yields a GET."""
    procs = []

    def start(**env: str):
        port = free_port()
        env = {
            **bare_env(),
            "DEBUG": "false",
            "SECRET_KEY": "gunicorn-test-key-" + "x" * 40,
            # Production settings refuse to start without it (see .env.example).
            "AUDIT_KEY": "gunicorn-test-audit-key-" + "y" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "CACHE_DIR": str(tmp_path / "cache"),
            "WEB_BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": "1",
            **env,
        }
        manage = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(manage, cwd=ROOT, env=env, check=True, timeout=120)
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "warstatus.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, "gunicorn exited"
                time.sleep(0.2)

        def get(path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()  # whole: its status and headers stay readable once closed
                return response
            finally:
                conn.close()

        return get

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_request_claiming_https_is_not_believed_without_a_proxy(gunicorn):
    get = gunicorn()
    response = get("/api/status.json", {"X-Forwarded-Proto": "https"})
    assert response.status == 301
    assert response.getheader("Location").startswith("https://")


def test_behind_the_proxy_its_https_is_believed(gunicorn):
    get = gunicorn(BEHIND_PROXY="true", PROXY_COUNT="1")
    response = get("/api/status.json", {"X-Forwarded-Proto": "https"})
    assert response.status == 200


@pytest.mark.parametrize("claim", [{"X-Forwarded-Ssl": "on"}, {"X-Forwarded-Protocol": "ssl"}])
def test_behind_the_proxy_only_its_own_header_says_https(gunicorn, claim):
    get = gunicorn(BEHIND_PROXY="true", PROXY_COUNT="1")
    response = get("/api/status.json", {"X-Forwarded-Proto": "http", **claim})
    assert response.status == 301  # plain HTTP: sent to HTTPS, whatever else it claims


def test_responses_do_not_name_the_server_software(gunicorn):
    response = gunicorn()("/healthz", {})
    assert response.getheader("Server") is None

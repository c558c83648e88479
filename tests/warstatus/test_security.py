"""Production settings: deploy checks clean, safe headers on every response."""

import re
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT
from tests.factories import make_user
from tests.processes import bare_env

SECRET = "k" * 30 + "-production-like-secret-" + "z" * 30
# The README's production variables, and nothing else.
AUDIT_KEY = "a" * 30 + "-production-like-audit-key-" + "b" * 30
README_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": SECRET,
    "AUDIT_KEY": AUDIT_KEY,
    "ALLOWED_HOSTS": "warstatus.example",
}


def _compose_env() -> dict[str, str]:
    """What the web container sees: .env copied from .env.example, then compose's own."""
    env = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env |= {
        "SECRET_KEY": SECRET,
        "AUDIT_KEY": AUDIT_KEY,
        "ALLOWED_HOSTS": "warstatus.example",
        "POSTGRES_PASSWORD": "pw",
        "POSTGRES_APP_PASSWORD": "app-pw",
    }
    web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]
    for name, value in web["environment"].items():
        # ${NAME:?message} and ${NAME} read .env, as compose does.
        env[name] = re.sub(r"\$\{(\w+)(:\?[^}]*)?\}", lambda m: env[m.group(1)], str(value))
    return {k: v for k, v in env.items() if v != ""}


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**bare_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("env", [README_ENV, _compose_env()], ids=["readme", "compose"])
def test_check_deploy_reports_nothing_under_production_settings(env):
    proc = _check_deploy(env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_check_deploy_would_name_a_site_left_on_plain_http():
    proc = _check_deploy({**README_ENV, "SECURE_SSL_REDIRECT": "false"})
    assert proc.returncode != 0
    assert "security.W008" in proc.stdout + proc.stderr


@pytest.mark.django_db
def test_public_responses_carry_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_staff_cookies_are_secure_httponly_and_samesite(client, settings):

    settings.SESSION_COOKIE_SECURE = True
    make_user("ed", password="a-long-password-1")
    response = client.post(
        "/admin/login/", {"username": "ed", "password": "a-long-password-1"}, secure=True
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"]
)
def test_a_sign_in_with_a_next_off_the_site_lands_on_the_admin_index(client, next_url):
    make_user("ed", password="a-long-password-1")
    response = client.post(
        "/admin/login/",
        {"username": "ed", "password": "a-long-password-1", "next": next_url},
        secure=True,
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

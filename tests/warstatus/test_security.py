"""Production settings: deploy checks clean, safe headers on every response."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 30 + "-production-like-secret-" + "z" * 30,
    "ALLOWED_HOSTS": "warstatus.example",
    "SITE_URL": "https://warstatus.example",
    "SECURE_SSL_REDIRECT": "true",
    "BEHIND_PROXY": "true",
}


def test_check_deploy_reports_nothing_under_production_settings():
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**env, **PRODUCTION_ENV}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


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
    from django.contrib.auth.models import User

    settings.SESSION_COOKIE_SECURE = True
    User.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "ed", "password": "a-long-password-1"}, secure=True
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"

"""The foundation: settings from the environment, health, Celery on a real worker."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, database_down
from tests.processes import bare_env


def _settings_in_subprocess(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    """Import settings in a fresh interpreter, as a real start-up does."""
    code = (
        "import json, django; from django.conf import settings; "
        f"print(json.dumps({expr}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**bare_env(), "DJANGO_SETTINGS_MODULE": "warstatus.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_embedded_default_needs_no_services():
    proc = _settings_in_subprocess(
        {"DEBUG": "true"},
        "[settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'],"
        " settings.CELERY_BROKER_URL, settings.TIME_ZONE, settings.USE_TZ,"
        " settings.EMAIL_BACKEND, settings.STATUS_STALE_AFTER.total_seconds()]",
    )
    assert proc.returncode == 0, proc.stderr
    engine, cache, broker, tz, use_tz, email, stale = json.loads(proc.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert cache.endswith("FileBasedCache")  # shared by every process on the machine
    assert broker.startswith("filesystem://")  # a worker and beat, with no server
    assert (tz, use_tz) == ("Europe/London", True)
    assert email.endswith("filebased.EmailBackend")  # into STATE_DIR/mail
    assert "No hostname was supplied" not in proc.stderr
    assert stale == timedelta(hours=24).total_seconds()


def test_service_urls_switch_to_postgres_and_redis():
    proc = _settings_in_subprocess(
        {
            "SECRET_KEY": "x" * 50,
            "AUDIT_KEY": "a" * 40,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "STATUS_STALE_AFTER": "90m",
            "ALLOWED_HOSTS": "warstatus.example, www.warstatus.example",
        },
        "[settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'],"
        " settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL,"
        " settings.STATUS_STALE_AFTER.total_seconds(), settings.ALLOWED_HOSTS, settings.DEBUG]",
    )
    assert proc.returncode == 0, proc.stderr
    engine, cache, eager, broker, stale, hosts, debug = json.loads(proc.stdout)
    assert engine == "django.db.backends.postgresql"
    assert cache.endswith("RedisCache")
    assert eager is False
    assert broker == "redis://127.0.0.1:6379/0"
    assert stale == 5400
    assert hosts == ["warstatus.example", "www.warstatus.example"]
    assert debug is False


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50}, "AUDIT_KEY"),
        ({"DEBUG": "true", "AUDIT_KEY": "too-short"}, "AUDIT_KEY"),
        ({"DEBUG": "true", "AUDIT_KEY": "a" * 20 + " " + "b" * 20}, "AUDIT_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://db/x"}, "DATABASE_URL"),
        ({"DEBUG": "true", "REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"DEBUG": "true", "STATUS_STALE_AFTER": "a day"}, "STATUS_STALE_AFTER"),
        ({"DEBUG": "true", "STATUS_STALE_AFTER": "infh"}, "STATUS_STALE_AFTER"),
        ({"DEBUG": "true", "STATUS_STALE_AFTER": "1e12d"}, "STATUS_STALE_AFTER"),
        ({"DEBUG": "true", "ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
        ({"DEBUG": "true", "BEHIND_PROXY": "true", "PROXY_COUNT": "0"}, "PROXY_COUNT"),
        ({"DEBUG": "true", "EMAIL_TIMEOUT": "30", "WEB_TIMEOUT": "30"}, "EMAIL_TIMEOUT"),
        ({"DEBUG": "true", "DATABASE_STATEMENT_TIMEOUT": "10s"}, "DATABASE_STATEMENT_TIMEOUT"),
        ({"DEBUG": "true", "DATABASE_CONNECT_TIMEOUT": "0"}, "DATABASE_CONNECT_TIMEOUT"),
        (
            {"DEBUG": "true", "DATABASE_STATEMENT_TIMEOUT": "30", "WEB_TIMEOUT": "30"},
            "DATABASE_STATEMENT_TIMEOUT",
        ),
        ({"DEBUG": "true", "ALLOWED_HOSTS": "a.example,,b.example"}, "ALLOWED_HOSTS"),
        ({"DEBUG": "true", "LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"DEBUG": "true", "FEEDS_ALLOW_PRIVATE": "sometimes"}, "FEEDS_ALLOW_PRIVATE"),
        ({"DEBUG": "true", "CSRF_TRUSTED_ORIGINS": "warstatus.example"}, "CSRF_TRUSTED_ORIGINS"),
        ({"DEBUG": "true", "DIGEST_TIME": "7am"}, "DIGEST_TIME"),
        ({"DEBUG": "true", "DIGEST_TIME": "24:00"}, "DIGEST_TIME"),
        ({"DEBUG": "true", "DIGEST_TIME": "7:00"}, "DIGEST_TIME"),
        (
            {"DEBUG": "true", "CELERY_QUEUE": "jobs", "CELERY_EDGE_QUEUE": "jobs"},
            "CELERY_EDGE_QUEUE",
        ),
    ],
)
def test_a_wrong_setting_stops_start_up_and_names_the_variable(env, named):
    proc = _settings_in_subprocess(env, "settings.DEBUG")
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert named in proc.stderr.splitlines()[-1]


def test_an_operators_shell_that_only_verifies_starts_without_the_audit_key():
    proc = _settings_in_subprocess(
        {"SECRET_KEY": "x" * 50, "AUDIT_VERIFY_ONLY": "true"}, "settings.AUDIT_KEY"
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == ""  # and `audit.services.record` refuses to write


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_broker(client, settings):
    from core import health

    health._broker_probe["at"] = -health.BROKER_PROBE_EVERY  # not an earlier test's answer
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    if settings.REDIS_URL:
        assert body["broker"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_opens_at_most_one_broker_connection_per_interval(client, monkeypatch):
    from core import health

    probes = []
    real_probe = health._probe_broker
    monkeypatch.setattr(health, "_probe_broker", lambda: probes.append(1) or real_probe())
    monkeypatch.setitem(health._broker_probe, "at", -health.BROKER_PROBE_EVERY)
    for _ in range(20):
        assert client.get("/healthz").status_code == 200
    assert len(probes) == (0 if health.settings.CELERY_TASK_ALWAYS_EAGER else 1)


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, settings):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")


def test_a_task_round_trips_through_a_real_worker(celery_worker):
    from warstatus.celery import ping

    assert ping.delay().get(timeout=30) == "pong"


def test_the_site_passes_system_checks():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_are_in_sync_with_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CACHE_PURGE_URLS": "varnish:6091"}, "CACHE_PURGE_URLS"),
        ({"CACHE_PURGE_URLS": "http://a:6091,,http://b:6091"}, "CACHE_PURGE_URLS"),
        ({"FASTLY_API_TOKEN": "x" * 32}, "FASTLY_SERVICE_ID"),
        ({"CLOUDFLARE_ZONE_ID": "zone"}, "CLOUDFLARE_API_TOKEN"),
    ],
)
def test_a_mistyped_shared_cache_setting_stops_the_start_naming_it(env, named):
    proc = _settings_in_subprocess({"DEBUG": "true", **env}, "settings.CACHE_PURGE_URLS")
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr and named in proc.stderr


def test_the_purge_urls_are_read_as_a_list():
    env = {"DEBUG": "true", "CACHE_PURGE_URLS": "http://varnish-1:6091, http://varnish-2:6091"}
    proc = _settings_in_subprocess(env, "settings.CACHE_PURGE_URLS")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == ["http://varnish-1:6091", "http://varnish-2:6091"]

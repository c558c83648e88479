"""docker-compose.yml cannot run here (no Docker engine), so validate what can be."""

import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

COMPOSE = ROOT / "docker-compose.yml"
SCHEMA = ROOT / "tests" / "fixtures" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_compose_file_is_valid_against_the_compose_specification(compose):
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(compose, schema)


def test_check_jsonschema_agrees():
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_stack_has_web_worker_beat_db_and_two_redis_with_healthchecks(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat", "db", "cache", "broker"):
        assert name in services, name
        assert "healthcheck" in services[name], f"{name} has no healthcheck"
        assert services[name].get("restart") == "unless-stopped", name
    assert services["db"]["image"].startswith("postgres:16")
    assert services["cache"]["image"].startswith("redis:7")
    assert services["broker"]["image"].startswith("redis:7")
    assert any(v.startswith("pgdata:") for v in services["db"]["volumes"])
    assert "gunicorn" in (ROOT / "Dockerfile").read_text()
    assert services["worker"]["command"][:4] == ["celery", "-A", "warstatus", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "warstatus", "beat"]


def test_migrations_run_once_before_the_app_starts(compose):
    services = compose["services"]
    assert "migrate" in services["migrate"]["command"][-1]
    for name in ("web", "worker", "beat"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name
        assert "migrate" not in " ".join(services[name].get("command", []))


def test_only_migrate_connects_as_the_owner_the_rest_as_the_application_role(compose):
    services = compose["services"]
    owner = services["db"]["environment"]["POSTGRES_USER"]
    for name in ("web", "worker", "beat"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgres://${POSTGRES_APP_USER:?"), name
        assert f"//{owner}:" not in url, name
    assert services["migrate"]["environment"]["DATABASE_URL"].startswith(f"postgres://{owner}:")
    # Migrations, launch content, web, tasks: whatever writes the audit log seals with the key.
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["environment"]["AUDIT_KEY"].startswith("${AUDIT_KEY:?"), name


def test_the_database_creates_the_application_role_from_the_init_script(compose):
    db = compose["services"]["db"]
    script = "deploy/postgres/init-roles.sh"
    assert f"./{script}:/docker-entrypoint-initdb.d/init-roles.sh:ro" in db["volumes"]
    assert os.access(ROOT / script, os.X_OK)  # run, not sourced into the image's entrypoint
    assert {"POSTGRES_APP_USER", "POSTGRES_APP_PASSWORD"} <= set(db["environment"])
    example = (ROOT / ".env.example").read_text()
    for name in ("POSTGRES_APP_USER", "POSTGRES_APP_PASSWORD", "AUDIT_KEY"):
        assert f"\n{name}=" in example, name


def test_the_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}


def test_the_stack_runs_in_production_mode_whatever_env_example_says(compose):
    for name in ("migrate", "web", "worker", "beat"):
        assert compose["services"][name]["environment"]["DEBUG"] == "false", name
    example = (ROOT / ".env.example").read_text()
    assert "\nDEBUG=false\n" in example and "\nPOSTGRES_PASSWORD=" in example


def test_the_public_port_is_varnishs_on_this_machine_and_web_is_published_nowhere(compose):
    services = compose["services"]
    assert "ports" not in services["web"]
    assert services["varnish"]["ports"] == ["127.0.0.1:8000:80"]
    assert (
        "./deploy/varnish/default.vcl:/etc/varnish/default.vcl:ro"
        in (services["varnish"]["volumes"])
    )
    # The TLS proxy and Varnish each append to X-Forwarded-For.
    assert services["web"]["environment"]["PROXY_COUNT"] == "2"


def test_varnish_runs_with_the_limits_file_the_slow_client_tests_use(compose):
    # tests/edge/varnish.py reads deploy/varnish/params the way this command does.
    volumes = compose["services"]["varnish"]["volumes"]
    assert "./deploy/varnish/params:/etc/varnish/params:ro" in volumes
    dockerfile = (ROOT / "deploy" / "varnish" / "Dockerfile").read_text()
    assert "COPY params /etc/varnish/params" in dockerfile
    assert "$(sed 's/#.*//' /etc/varnish/params)" in dockerfile
    assert "command" not in compose["services"]["varnish"]  # the Dockerfile's, unchanged


def test_the_worker_purges_the_varnish_in_the_stack_on_its_unpublished_listener(compose):
    assert compose["services"]["worker"]["environment"]["CACHE_PURGE_URLS"] == (
        "http://varnish:6091"
    )
    assert "purge=:6091" in (ROOT / "deploy" / "varnish" / "Dockerfile").read_text()


def test_a_worker_takes_the_purge_queue_alone_and_the_main_worker_takes_both(compose):
    """A purge must not wait behind a burst of feed polls (tests/edge/test_queue.py)."""
    services = compose["services"]
    edge = services["edge-worker"]["command"]
    assert edge[:4] == ["celery", "-A", "warstatus", "worker"]
    assert edge[edge.index("-Q") + 1] == "edge"  # CELERY_EDGE_QUEUE's default
    assert "CELERY_EDGE_QUEUE" not in services["edge-worker"]["environment"]
    assert "-Q" not in services["worker"]["command"]  # every queue in CELERY_TASK_QUEUES
    assert "healthcheck" in services["edge-worker"]
    condition = services["edge-worker"]["depends_on"]["migrate"]["condition"]
    assert condition == "service_completed_successfully"


def test_the_web_healthcheck_asks_with_a_host_the_site_allows(compose, settings):
    web = compose["services"]["web"]
    assert web["environment"]["ALLOWED_HOSTS"].endswith(",localhost")
    assert "'Host': 'localhost'" in web["healthcheck"]["test"][-1]
    assert any(re.match(p, "healthz") for p in settings.SECURE_REDIRECT_EXEMPT)


def test_a_deploy_lets_running_tasks_finish_and_loads_launch_content_only_once(compose, settings):
    grace = compose["services"]["worker"]["stop_grace_period"]
    assert int(grace.rstrip("s")) >= settings.CELERY_TASK_TIME_LIMIT
    assert "load_launch_content --if-empty" in compose["services"]["migrate"]["command"][-1]


def test_the_image_never_takes_secrets_or_local_data_from_the_checkout():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".env", ".secret_key", "db.sqlite3", ".venv", ".git"):
        assert path in ignored, path


def test_beat_runs_do_not_pile_up_while_the_workers_are_down(settings):
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert 0 < entry["options"]["expires"] < entry["schedule"], name


def test_the_image_installs_exactly_the_locked_versions():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install ." not in dockerfile and "--upgrade" not in dockerfile
    assert "requirements.lock" not in (ROOT / ".dockerignore").read_text()


def _redis_option(command: list[str], name: str) -> str:
    return command[command.index(f"--{name}") + 1]


def test_a_full_cache_evicts_pages_and_never_touches_the_queue(compose):
    services = compose["services"]
    cache, broker = services["cache"]["command"], services["broker"]["command"]
    assert _redis_option(cache, "maxmemory-policy") == "allkeys-lru"
    assert _redis_option(cache, "maxmemory").endswith("mb")
    # The queue never loses a task to eviction, and its memory is its own.
    assert _redis_option(broker, "maxmemory-policy") == "noeviction"
    assert _redis_option(broker, "maxmemory").endswith("mb")
    for name in ("web", "worker", "edge-worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["REDIS_URL"].startswith("redis://cache:"), name
        assert env["CELERY_BROKER_URL"].startswith("redis://broker:"), name


def test_only_web_has_a_statement_timeout(compose):
    services = compose["services"]
    assert "DATABASE_STATEMENT_TIMEOUT" not in services["web"]["environment"]
    for name in ("worker", "edge-worker", "beat", "migrate"):
        assert services[name]["environment"]["DATABASE_STATEMENT_TIMEOUT"] == "0", name

"""The Celery worker's database connections (warstatus/celery.py), on a real worker."""

import time
import uuid

import pytest
from django.db import connection

from tests.conftest import start_worker, stop_worker, wait_for_worker
from warstatus.celery import app as celery_app

# Each read of pg_stat_activity in a transaction of its own: within one, PostgreSQL
# answers every read with the snapshot of the first.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(reason="counts a worker's connections in PostgreSQL's pg_stat_activity"),
]


def worker_backends(name: str) -> list[int]:
    """The PostgreSQL backends the worker called `name` holds open."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s ORDER BY pid", [name]
        )
        return [pid for (pid,) in cursor.fetchall()]


@pytest.fixture
def worker():
    """Starts a worker whose connections PostgreSQL knows by name; stops it after."""
    started = []

    def start(*, max_age: int) -> tuple[str, str]:
        db = connection.settings_dict
        name = f"worker-{uuid.uuid4().hex[:8]}"
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        queue = f"{name}-queue"
        proc = start_worker(
            queue,
            DATABASE_URL=f"{url}/{db['NAME']}?application_name={name}",
            DATABASE_CONN_MAX_AGE=str(max_age),
        )
        started.append(proc)
        wait_for_worker(proc, queue)
        return name, queue

    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield start
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
        for proc in started:
            stop_worker(proc)


def run(queue: str) -> int:
    """A task that reads the database (no urgent headline waits: it sends nothing)."""
    return celery_app.send_task("news.tasks.notify_urgent", queue=queue).get(timeout=30)


def test_the_worker_keeps_its_database_connection_from_one_task_to_the_next(worker):
    name, queue = worker(max_age=60)
    assert run(queue) == 0
    [first] = worker_backends(name)
    assert run(queue) == 0
    assert run(queue) == 0
    assert worker_backends(name) == [first]


def test_a_worker_connection_past_its_age_is_closed_after_the_task(worker):
    name, queue = worker(max_age=0)
    assert run(queue) == 0
    # The result is sent before the task's end closes the connection, and PostgreSQL
    # lists a backend until it has exited: wait for both.
    deadline = time.monotonic() + 10
    while worker_backends(name) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert worker_backends(name) == []


def test_a_task_after_the_database_dropped_the_workers_connection_still_runs(worker):
    name, queue = worker(max_age=60)
    assert run(queue) == 0
    [first] = worker_backends(name)
    with connection.cursor() as cursor:  # as a database restart or a failover would
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [first])  # until it is gone
    assert run(queue) == 0
    [second] = worker_backends(name)
    assert second != first

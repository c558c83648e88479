"""The Celery app. Settings live in Django settings under the CELERY_ prefix."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init

from core.envparse import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warstatus.settings")

# DjangoTask gives every task `delay_on_commit`, so work is enqueued only once
# the transaction that asked for it has committed.
app = Celery("warstatus", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# `celery -A warstatus ...` reads its configuration first: a wrong setting is one sentence.
app.on_configure.connect(lambda **kwargs: load_settings_or_exit(), weak=False)
app.autodiscover_tasks()


@app.task(name="warstatus.ping")
def ping() -> str:
    """A task with no side effects: /healthz and the tests use it to prove a worker answers."""
    return "pong"


@task_prerun.connect
@task_postrun.connect
def close_old_connections(task=None, **kwargs) -> None:
    """Before and after each task, as Django does around each request: a connection
    that is broken or older than CONN_MAX_AGE is closed, and the next query opens one.

    Celery's own Django fixup closed every connection around every task, so each task
    (a feed poll, a purge) paid for a new PostgreSQL connection, and a poll's prepared
    statements (core.prepared) were prepared again each time: a poll through the worker
    took 2.6 times feedparser's parse instead of 1.8 (bench/README.md). Its
    CELERY_DB_REUSE_MAX (settings) now only recycles connections every so many tasks.
    """
    if task is None or task.request.is_eager:
        return  # run in the caller's process, maybe inside its transaction: not ours
    from django.db import close_old_connections as close_if_old

    close_if_old()


@worker_init.connect
def empty_processed_folder(**kwargs) -> None:
    """On the embedded broker (settings.EMBEDDED_BROKER), forget the messages taken
    before: each is a file kombu moved aside once a worker took it, so without this
    they would pile up for as long as the checkout is used."""
    from django.conf import settings

    if not settings.EMBEDDED_BROKER:
        return
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["processed_folder"])
    for taken in folder.glob("*.msg"):
        taken.unlink(missing_ok=True)

"""The Celery app. Settings live in Django settings under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warstatus.settings")

# DjangoTask gives every task `delay_on_commit`, so work is enqueued only once
# the transaction that asked for it has committed.
app = Celery("warstatus", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="warstatus.ping")
def ping() -> str:
    """A task with no side effects: /healthz and the tests use it to prove a worker answers."""
    return "pong"

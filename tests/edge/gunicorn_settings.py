"""The production settings for the slow-client tests' gunicorn (tests/edge/slow_clients.py),
with one change: static files are found by name, as in the test process (tests/conftest.py),
so pages render without a `collectstatic` run first."""

from warstatus.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

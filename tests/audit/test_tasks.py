"""Beat's safety net for the page cache: a content-version bump lost to an outage."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings

from audit.tasks import reconcile_content_version
from status import services
from tests.factories import make_user
from tests.status.factories import make_check, make_verdict

pytestmark = pytest.mark.django_db


def test_a_change_recorded_while_the_cache_was_unreachable_reaches_readers_at_the_next_beat(
    client, settings, django_capture_on_commit_callbacks
):
    make_check(age=timedelta(days=3), verdict=make_verdict())
    assert "has not been checked" in client.get("/").content.decode()  # cached now
    working = settings.CACHES
    settings.CACHES = {"default": {**working["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.record_check(user=None)  # the editor's save succeeds; both bumps are lost
    settings.CACHES = working
    assert "has not been checked" in client.get("/").content.decode()  # still the old copy
    assert reconcile_content_version.delay().get() is True
    assert "has not been checked" not in client.get("/").content.decode()
    assert reconcile_content_version.delay().get() is False  # nothing more to make up


def test_beat_runs_the_reconciliation_every_minute():
    schedule = {e["task"]: e["schedule"] for e in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["audit.tasks.reconcile_content_version"] == 60.0


def test_failed_sign_ins_and_feed_polls_do_not_empty_the_page_cache(client):
    from django.core.cache import cache

    from audit.models import Action, AuditEntry
    from audit.services import record
    from core.cache_version import KEY

    make_check(age=timedelta(hours=1), verdict=make_verdict())
    services.record_check(user=None)  # an entry readers see: noted by the bump
    reconcile_content_version.delay().get()
    client.get("/")
    version = cache.get(KEY)
    make_user("ed", staff=False)
    for n in range(3):  # anyone can make these
        client.post("/admin/login/", {"username": "ed", "password": f"wrong-{n}"})
    record(actor=None, action=Action.POLLED, summary="3 new candidate headline(s)")
    assert AuditEntry.objects.filter(action=Action.POLLED).count() == 1
    assert cache.get(KEY) == version
    assert reconcile_content_version.delay().get() is False  # nothing readers see was missed

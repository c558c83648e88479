"""The dashboard's translation lag: each language's count of what readers get in
English, since when, and the translations awaiting this translator's approval."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from status.translated import VERDICT
from tests.factories import make_user
from tests.status.factories import invoke_article5
from tests.translations.admin_client import translator
from translations import services
from translations.models import SourceVersion

pytestmark = pytest.mark.django_db

POLISH = {
    "answer": "Tak",
    "headline": "Uruchomiono art. 5.",
    "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
    "reason": "Art. 5 uruchomiono dziś.",
}


@pytest.fixture
def launched(db) -> None:
    """The launch content, its verdict translated into every language (not yet reviewed)."""
    call_command("load_launch_content", verbosity=0)


def _row(page: str, name: str) -> str:
    start = page.index(f"{name}</")
    return page[start : page.index("</tr>", start)]


def _behind(row: str) -> int:
    """The row's first figure: how many objects readers get in English."""
    return int(re.search(r"<td>(\d+)</td>", row).group(1))


def test_the_dashboard_shows_each_languages_lag(client, launched):
    anna, anna_client = translator("anna")
    bartek, bartek_client = translator("bartek")
    client.force_login(make_user("ed", role="Editors"))
    # The launch content left untranslated (the explainers and FAQ without a launch
    # translation, the incidents): behind from the start.
    before = client.get("/admin/").content.decode()
    untranslated = _behind(_row(before, "Polish (pl)"))
    verdict = invoke_article5(None)
    two_hours_ago = timezone.now() - timedelta(hours=2, minutes=5)
    SourceVersion.objects.filter(kind=VERDICT, object_id=verdict.pk).update(
        created_at=two_hours_ago
    )
    submission = services.submit_translation(
        user=anna, kind=VERDICT, object_id=verdict.pk, language="pl", texts=POLISH, seen_version=1
    )
    page = client.get("/admin/").content.decode()
    assert "Translations behind the English" in page
    for name in ["Polish (pl)", "Estonian (et)", "Ukrainian (uk)"]:
        row = _row(page, name)
        # The new verdict behind in each, for two hours; the launch verdict unreviewed.
        assert _behind(row) == untranslated + 1 and "(2 hours" in row, row
    assert "translations/submission/queue" not in page  # an editor translates nothing
    assert "/translations/" in page  # the public page
    # Anna's own translation isn't hers to approve; Bartek sees it waiting for him.
    mine = anna_client.get("/admin/").content.decode()
    assert "Translations awaiting your approval" not in mine
    assert "/admin/translations/submission/queue/pl/" in mine
    theirs = bartek_client.get("/admin/").content.decode()
    assert "Translations awaiting your approval (1)" in theirs
    assert f"/admin/translations/submission/{submission.pk}/change/" in theirs
    assert "/admin/translations/submission/queue/et/" not in theirs
    # Approved: Polish catches up, the others are still behind.
    services.approve_translation(user=bartek, submission=submission)
    page = client.get("/admin/").content.decode()
    assert _behind(_row(page, "Polish (pl)")) == untranslated
    assert _behind(_row(page, "Estonian (et)")) == untranslated + 1

"""The translation form: the English now, what changed in it since the version last
translated, and a refusal (keeping the translator's text) when the English changes
while the form is open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.translations.admin_client import ADMIN, token, translator
from tests.translations.kinds import NOTE, edit_english, make_noted, note_kind
from translations import services
from translations.models import LiveTranslation, Submission

pytestmark = pytest.mark.django_db
__all__ = ["note_kind"]

NOTE_PL = "Rosyjskie drony dwukrotnie wleciały w polską przestrzeń powietrzną."


def _form_url(indicator, code: str = "pl") -> str:
    return f"{ADMIN}translate/{code}/{NOTE}/{indicator.pk}/"


def _translated(indicator, user) -> None:
    services.submit_translation(
        user=user,
        kind=NOTE,
        object_id=indicator.pk,
        language="pl",
        texts={"name": "Drony nad Polską 1", "note": NOTE_PL},
        seen_version=1,
    )


def test_the_form_shows_the_english_diff_since_the_last_translated_version(note_kind):
    anna, client = translator("anna")
    indicator = make_noted()
    _translated(indicator, anna)  # no four eyes for this kind: live at once
    edit_english(indicator, note="Russian drones crossed into Polish airspace <b>three</b> times.")
    edit_english(indicator, note="Russian drones crossed into Polish airspace <b>four</b> times.")
    page = client.get(_form_url(indicator)).content.decode()
    # Against version 1, the one last translated, not the one before the newest.
    assert "since the version last translated (version 1)" in page
    assert "<del>twice.</del>" in page
    assert "<ins>&lt;b&gt;four&lt;/b&gt; times.</ins>" in page
    assert "<b>four</b>" not in page and "three" not in page
    # The unchanged name has no diff; the old Polish note is there to start from.
    assert page.count("since the version last translated") == 1
    assert 'lang="pl"' in page and NOTE_PL in page
    assert 'name="seen_version" value="3"' in page
    # The queue lists it, with when the English changed.
    queue = client.get(f"{ADMIN}queue/pl/").content.decode()
    assert "note (English changed)" in queue and "Drones over Poland 1" in queue


def test_the_form_refuses_when_the_english_changed_after_opening(note_kind):
    anna, client = translator("anna")
    indicator = make_noted()
    opened = client.get(_form_url(indicator))
    assert 'name="seen_version" value="1"' in opened.content.decode()
    edit_english(indicator, note="Russian drones crossed into Polish airspace three times.")
    mine = {"name": "Drony nad Polską 1", "note": NOTE_PL, "seen_version": "1"}
    refused = client.post(_form_url(indicator), mine | {"csrfmiddlewaretoken": token(opened)})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "The English changed after you opened the form: nothing was saved." in page
    assert NOTE_PL in page and "Drony nad Polską 1" in page  # the translator's text kept
    assert "three times." in page  # the new English beside it
    assert not Submission.objects.filter(translated_by=anna).exists()
    assert not LiveTranslation.objects.filter(kind=NOTE, object_id=indicator.pk).exists()
    # The form now rests on the new English: saving again is deliberate, and goes through.
    assert 'name="seen_version" value="2"' in page
    again = client.post(
        _form_url(indicator), mine | {"seen_version": "2", "csrfmiddlewaretoken": token(refused)}
    )
    assert again.status_code == 302
    live = LiveTranslation.objects.get(kind=NOTE, object_id=indicator.pk, language="pl")
    assert live.fields["note"]["text"] == NOTE_PL


def test_the_queue_lists_what_readers_get_in_english_oldest_first(note_kind):
    anna, client = translator("anna")
    older, newer = make_noted(1), make_noted(2)
    _translated(newer, anna)
    long_ago = timezone.now() - timedelta(days=3)
    edit_english(newer, note="Changed.", at=long_ago)
    page = client.get(f"{ADMIN}queue/pl/").content.decode()
    assert page.index("Drones over Poland 2") < page.index("Drones over Poland 1")
    assert "name (never translated), note (never translated)" in page
    assert "note (English changed)" in page
    assert f"{ADMIN}translate/pl/{NOTE}/{older.pk}/" in page

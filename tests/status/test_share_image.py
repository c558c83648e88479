"""The share picture in each language: its text drawn with a font that has every
letter of it (Cyrillic, and the Polish, Baltic and Romanian ones), never boxes."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from status import share_image
from status.feed_texts import updating_line
from status.models import Verdict
from status.translated import VERDICT
from tests.status.factories import invoke_article5
from translations.models import LiveTranslation

pytestmark = pytest.mark.django_db

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]
# Letters each language needs beyond ASCII, whatever today's texts happen to use.
ALPHABETS = {
    "pl": "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ„”",
    "et": "äõöüšžÄÕÖÜŠŽ",
    "lv": "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ",
    "lt": "ąčęėįšųūžĄČĘĖĮŠŲŪŽ",
    "fi": "äöåÄÖÅ",
    "ro": "ăâîșțĂÂÎȘȚ„”",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ’«»",
}


@pytest.fixture
def launched(db) -> Verdict:
    call_command("load_launch_content", verbosity=0)
    return Verdict.objects.current()


def test_ukrainian_share_image_has_no_missing_glyphs(client, launched):
    if share_image.missing_glyphs("Жї"):
        pytest.fail(
            "The share image's font lacks Cyrillic: install DejaVu "
            "(`apt-get install fonts-dejavu-core`, as the Dockerfile does)."
        )
    for code in LANGUAGES:
        texts = LiveTranslation.objects.get(kind=VERDICT, language=code, object_id=launched.pk)
        with translation.override(code):
            words = [
                gettext("Is NATO at war with Russia?"),
                gettext("Translation not yet reviewed"),
                updating_line(launched.created_at),
                ALPHABETS[code],
                *(field["text"] for field in texts.fields.values()),
            ]
        text = "".join(words)
        # The answer and the question are drawn bold, the rest regular: both must hold it.
        assert share_image.missing_glyphs(text) == set(), code
        assert share_image.missing_glyphs(text, bold=True) == set(), code

    ukrainian = client.get("/uk/share.png")
    english = client.get("/share.png")
    assert ukrainian.status_code == 200 and ukrainian["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(ukrainian.content)).size == (1200, 630)
    assert ukrainian.content != english.content


def test_pillows_own_font_would_draw_boxes_so_the_check_can_fail(monkeypatch):
    """The check above is worth something only if it sees a font without Cyrillic."""
    monkeypatch.setattr(share_image, "DEJAVU", share_image.DEJAVU / "not-here")
    share_image._font.cache_clear()
    try:
        assert {"Ж", "ї"} <= share_image.missing_glyphs("Жї ab")
        assert "a" not in share_image.missing_glyphs("Жї ab")
    finally:
        monkeypatch.undo()
        share_image._font.cache_clear()


def test_each_languages_card_names_its_own_picture_and_text(client, launched):
    polish = client.get("/pl/").content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', polish).group(1)
    assert image.endswith(f"/pl/share.png?v={launched.pk}")
    assert '<meta property="og:description" content="Nie.' in polish
    # The English moves on: the card says so in Polish, above the English answer.
    new = invoke_article5(None)
    polish = client.get("/pl/").content.decode()
    description = re.search(r'<meta property="og:description" content="([^"]+)"', polish)
    assert description.group(1).startswith("Tłumaczenie jest aktualizowane (od ")
    assert "Yes. Article 5 invoked." in description.group(1)
    assert f"/pl/share.png?v={new.pk}" in polish
    english = client.get("/").content.decode()
    assert f'content="http://127.0.0.1:8000/share.png?v={new.pk}"' in english
    assert "Tłumaczenie" not in english

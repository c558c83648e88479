"""The embed snippets on /status/history/: labelled the way HTML allows, alt text with the answer."""

import pytest

from tests.status.factories import make_verdict

pytestmark = pytest.mark.django_db


def test_the_snippets_are_captioned_figures_and_the_badge_alt_text_gives_the_answer(client):
    make_verdict(answer="Not formally")
    page = client.get("/status/history/").content.decode()
    assert "aria-labelledby" not in page.split('id="embed"')[1]
    assert page.count('<figure class="embed">') == 2 and page.count("<figcaption>") == 2
    # The badge shown, and the copy-and-paste snippet for it.
    assert page.count('alt="Is NATO at war with Russia? Not formally"') == 2

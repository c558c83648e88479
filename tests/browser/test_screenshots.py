"""Screenshots of the home page, light and dark, phone and desktop, for the README.

Run with WRITE_SCREENSHOTS=1 to refresh docs/screenshots/ (then commit the PNGs); without
it they go to a temporary folder, so the suite checks that they can be made and leaves the
checkout as it was.
"""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def _small_png(png: bytes) -> Image.Image:
    # A palette of 64 colours: flat page colours survive, the file shrinks several times.
    return Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_page_screenshots_are_written_in_both_schemes_and_widths(
    browser, live_server, launched, scheme, tmp_path
):
    folder = DOCS if os.environ.get("WRITE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for name, viewport in SIZES.items():
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, color_scheme=scheme
        )
        page = context.new_page()
        page.goto("/")
        target = folder / f"home-{name}-{scheme}.png"
        _small_png(page.screenshot()).save(target, optimize=True)
        context.close()
        with Image.open(target) as image:
            assert image.size == (viewport["width"], viewport["height"])
        assert target.stat().st_size < 150 * 1024

"""The share card's picture (1200×630 PNG), drawn from the verdict with Pillow.

Social sites show it beside a link to any page: the question, the answer in large type
and the headline, so the card says the answer without anyone opening the page. Each
language's pages point at their own (/pl/share.png): the text in that language, or the
English answer with a line saying its translation is being updated.

No network and no bundled font: DejaVu (Debian's fonts-dejavu-core, installed by the
Dockerfile), which has every site language's letters: Cyrillic, and the Polish, Baltic
and Romanian ones. Pillow's own font, the fallback, has none of them (it would draw
boxes); `missing_glyphs` says which letters a font lacks, and a test holds DejaVu to
every language's texts.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72

# Where Debian and Ubuntu put DejaVu (fonts-dejavu-core); checked, never required.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

BACKGROUND = "#10213a"
TEXT = "#ffffff"
MUTED = "#c9d6ea"
# The answer's colour says roughly where it stands; the words say it exactly.
ANSWER_COLOURS = {
    "no_war": "#7be0a5",
    "hybrid_conflict": "#ffd27a",
    "article4_consultations": "#ffd27a",
    "article5_invoked": "#ff9c9c",
    "state_of_war": "#ff9c9c",
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(size: int, *, bold: bool = False) -> Font:
    path = DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` pixels, the last cut with an ellipsis."""
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and draw.textlength(f"{last}…", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        out[-1] = f"{last}…"
    return out


def missing_glyphs(text: str, *, bold: bool = False) -> set[str]:
    """The letters of `text` the share image's font would draw as its "missing" box."""
    font = _font(40, bold=bold)
    # A private-use code point no font here defines: the shape of a missing glyph.
    missing = font.getmask("\ue000")
    box = (missing.size, bytes(missing))
    return {
        char
        for char in set(text)
        if not char.isspace() and (font.getmask(char).size, bytes(font.getmask(char))) == box
    }


def _fitting(draw: ImageDraw.ImageDraw, text: str, width: int, sizes: range) -> Font:
    """The largest bold font in `sizes` that holds `text` on one line of `width`."""
    for size in sizes:
        font = _font(size, bold=True)
        if draw.textlength(text, font=font) <= width:
            return font
    return _font(sizes[-1], bold=True)


def render_share_image(
    *, question: str, answer: str, headline: str, state: str, site: str, note: str = ""
) -> bytes:
    """`note`: a line in the reader's language above the site's name (the translation
    is being updated, or not yet reviewed)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, 16, HEIGHT), fill=ANSWER_COLOURS.get(state, MUTED))

    y = MARGIN
    draw.text((MARGIN, y), question, font=_font(44, bold=True), fill=TEXT)
    y += 80
    answer_font = _fitting(draw, answer, inner, range(150, 59, -10))
    draw.text((MARGIN, y), answer, font=answer_font, fill=ANSWER_COLOURS.get(state, TEXT))
    y += getattr(answer_font, "size", 60) + 40
    for line in _wrap(draw, headline, _font(34), inner, 2 if note else 3):
        draw.text((MARGIN, y), line, font=_font(34), fill=TEXT)
        y += 46
    if note:
        note_y = HEIGHT - MARGIN - 28 - 2 * 34
        for line in _wrap(draw, note, _font(24), inner, 2):
            draw.text((MARGIN, note_y), line, font=_font(24), fill=MUTED)
            note_y += 32
    draw.text((MARGIN, HEIGHT - MARGIN - 28), site, font=_font(28), fill=MUTED)

    out = io.BytesIO()
    # A palette of a few flat colours: a small file, and the text stays sharp.
    image.quantize(colors=64).save(out, format="PNG", optimize=True)
    return out.getvalue()

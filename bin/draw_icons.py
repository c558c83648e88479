"""Draw the PNG app icons beside static/img/favicon.svg, once; the PNGs are committed.

    .venv/bin/python bin/draw_icons.py

The same picture as the SVG (a question mark on the share card's navy, with its green
bar), for browsers and home screens that want a bitmap. Run again only to change it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img"
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
NAVY, GREEN, WHITE = "#10213a", "#7be0a5", "#ffffff"
SIZES = {
    "favicon-32.png": 32,
    "apple-touch-icon.png": 180,
    "icon-192.png": 192,
    "icon-512.png": 512,
}


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if DEJAVU_BOLD.exists():
        return ImageFont.truetype(str(DEJAVU_BOLD), size)
    return ImageFont.load_default(size=size)


def icon(size: int, *, square: bool = False) -> Image.Image:
    # Drawn at 4× and scaled down: smooth edges without anti-aliasing by hand.
    big = size * 4
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = 0 if square else int(14 * unit)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=NAVY)
    draw.rounded_rectangle(
        (6 * unit, 14 * unit, 11 * unit, 50 * unit), radius=int(2.5 * unit), fill=GREEN
    )
    draw.text((35 * unit, 32 * unit), "?", font=font(int(44 * unit)), fill=WHITE, anchor="mm")
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for name, size in SIZES.items():
        # iOS rounds the corners itself and shows transparent ones black.
        picture = icon(size, square=name == "apple-touch-icon.png")
        picture.quantize(colors=32).save(OUT / name, optimize=True)
        print(f"static/img/{name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()

"""The timeline and the map as geometry for inline SVG, drawn on the server.

Pure functions of the counts the selectors return: no queries, no markup. The
templates turn the numbers into SVG (every text escaped like any other), and
a table beside each chart gives the same figures to screen readers.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from incidents.countries import COUNTRIES
from incidents.models import Category
from incidents.selectors import Month

GEODATA = Path(__file__).resolve().parent / "geodata" / "europe.json"

# Timeline frame, in SVG units.
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 34, 26, 10, 34


@dataclass(frozen=True)
class Segment:
    category: str
    label: str
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    month: Month
    x: float
    width: float
    label: str  # shown under every third month, empty under the others
    label_x: float  # the middle of the bar
    segments: list[Segment]


@dataclass(frozen=True)
class TimelineChart:
    bars: list[Bar]
    ticks: list[tuple[int, float]]  # (value, y)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: float = HEIGHT - BOTTOM
    tick_x: int = LEFT - 6  # the value labels, right-aligned left of the plot
    label_y: float = HEIGHT - BOTTOM + 16  # the month labels, under the bars

    @property
    def total(self) -> int:
        return sum(bar.month.total for bar in self.bars)


def nice_step(largest: int, most_ticks: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that needs at most `most_ticks` steps."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if math.ceil(max(largest, 1) / step) <= most_ticks:
                return step
        magnitude *= 10


def timeline_chart(months: list[Month]) -> TimelineChart:
    plot_height = HEIGHT - TOP - BOTTOM
    step = nice_step(max((m.total for m in months), default=0))
    top_value = step * max(1, math.ceil(max((m.total for m in months), default=0) / step))
    scale = plot_height / top_value
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    bars = []
    for index, month in enumerate(months):
        y = HEIGHT - BOTTOM
        segments = []
        for category, label, count in month.breakdown:
            height = count * scale
            y -= height
            segments.append(Segment(category, label, count, round(y, 2), round(height, 2)))
        shown = (len(months) - 1 - index) % 3 == 0  # every third month, ending with this one
        x = LEFT + index * slot + slot * 0.15
        bars.append(
            Bar(
                month=month,
                x=round(x, 2),
                width=round(slot * 0.7, 2),
                label_x=round(x + slot * 0.35, 2),
                label=month.start.strftime("%b %Y") if shown else "",
                segments=segments,
            )
        )
    ticks = [
        (value, round(HEIGHT - BOTTOM - value * scale, 2))
        for value in range(0, top_value + 1, step)
    ]
    return TimelineChart(bars=bars, ticks=ticks)


def legend() -> list[tuple[str, str]]:
    return list(Category.choices)


# The map's shades: the smallest count each one starts at, and its words for the legend.
BUCKETS = [(0, _("None")), (1, "1"), (2, _("2 to 4")), (5, _("5 to 9")), (10, _("10 or more"))]


def bucket(count: int) -> int:
    return max(i for i, (start, _) in enumerate(BUCKETS) if count >= start)


@functools.cache
def europe() -> dict:
    return json.loads(GEODATA.read_text())


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str
    count: int
    bucket: int


@dataclass(frozen=True)
class MapChart:
    shapes: list[Shape]
    background: list[str]
    width: float
    height: float


def map_chart(counts: dict[str, int]) -> MapChart:
    geo = europe()
    shapes = [
        Shape(code, COUNTRIES[code].name, d, counts.get(code, 0), bucket(counts.get(code, 0)))
        for code, d in geo["countries"].items()
        if code in COUNTRIES
    ]
    return MapChart(
        shapes=shapes, background=geo["background"], width=geo["width"], height=geo["height"]
    )

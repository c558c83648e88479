"""Build europe.json, the outline map of Europe the incidents map draws, from Natural Earth.

Run once by hand when the outlines should change (nothing runs it at build time,
at run time or in tests):

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python incidents/geodata/build_europe.py /tmp/package/countries-110m.json

It reads the TopoJSON, projects it with a Lambert azimuthal equal-area
projection centred on Europe (the projection of EPSG:3035, on a sphere), clips
it to the frame, drops points closer than a tenth of a pixel and writes one SVG
path per country (keyed by ISO 3166-1 alpha-2 code) plus the neighbours drawn
for context. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

OUTPUT = Path(__file__).resolve().with_name("europe.json")
SOURCE = "world-atlas 2.0.2 (npm), countries-110m.json: Natural Earth 4.1.0 Admin 0, 1:110m"

# ISO 3166-1 numeric (Natural Earth's ids) -> alpha-2, for the countries the record
# covers (incidents/countries.py). Kosovo has no numeric code and is matched by name.
ALPHA2 = {
    "008": "AL",
    "020": "AD",
    "051": "AM",
    "040": "AT",
    "031": "AZ",
    "112": "BY",
    "056": "BE",
    "070": "BA",
    "100": "BG",
    "191": "HR",
    "196": "CY",
    "203": "CZ",
    "208": "DK",
    "233": "EE",
    "246": "FI",
    "250": "FR",
    "268": "GE",
    "276": "DE",
    "300": "GR",
    "348": "HU",
    "352": "IS",
    "372": "IE",
    "380": "IT",
    "428": "LV",
    "438": "LI",
    "440": "LT",
    "442": "LU",
    "470": "MT",
    "498": "MD",
    "492": "MC",
    "499": "ME",
    "528": "NL",
    "807": "MK",
    "578": "NO",
    "616": "PL",
    "620": "PT",
    "642": "RO",
    "643": "RU",
    "674": "SM",
    "688": "RS",
    "703": "SK",
    "705": "SI",
    "724": "ES",
    "752": "SE",
    "756": "CH",
    "792": "TR",
    "804": "UA",
    "826": "GB",
    "336": "VA",
}
BY_NAME = {"Kosovo": "XK"}

# The projection's centre and the frame, in degrees.
LON0, LAT0 = 10.0, 52.0
FRAME_POINTS = [
    (-25.0, 64.0),
    (-10.5, 36.0),
    (36.0, 34.5),
    (33.0, 33.2),
    (24.0, 33.8),
    (14.0, 35.0),
    (50.0, 40.0),
    (32.0, 71.5),
    (56.0, 60.0),
    (-24.0, 67.0),
]
WIDTH = 800.0
PAD = 0.02
TOLERANCE = 0.1  # pixels


def laea(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area on the unit sphere; y grows northwards."""
    lam, phi = math.radians(lon - LON0), math.radians(lat)
    phi0 = math.radians(LAT0)
    denom = 1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(denom, 1e-12))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def clip(points: list[tuple[float, float]], box: tuple[float, float, float, float]):
    """Sutherland–Hodgman against the frame: good enough for filled outlines."""
    x0, y0, x1, y1 = box
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    ]
    for inside, cross in edges:
        if not points:
            break
        out = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in rings:
        kept: list[tuple[float, float]] = []
        for x, y in points:
            if not kept or math.dist(kept[-1], (x, y)) >= TOLERANCE:
                kept.append((round(x, 1), round(y, 1)))
        if len(kept) >= 3:
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z")
    return "".join(parts)


def build(topology: dict) -> dict:
    arcs = [[laea(lon, lat) for lon, lat in arc] for arc in decode_arcs(topology)]
    xs, ys = zip(*(laea(lon, lat) for lon, lat in FRAME_POINTS), strict=True)
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    pad = PAD * (right - left)
    left, right, bottom, top = left - pad, right + pad, bottom - pad, top + pad
    scale = WIDTH / (right - left)
    height = round((top - bottom) * scale, 1)

    def to_svg(point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] - left) * scale, (top - point[1]) * scale

    countries: dict[str, str] = {}
    background: list[str] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = ALPHA2.get(str(geometry.get("id"))) or BY_NAME.get(
            geometry.get("properties", {}).get("name", "")
        )
        rings = []
        for polygon in polygons(geometry):
            for indexes in polygon:
                svg_points = [to_svg(p) for p in ring(indexes, arcs)]
                clipped = clip(svg_points, (0, 0, WIDTH, height))
                if clipped:
                    rings.append(clipped)
        d = path(rings)
        if not d:
            continue
        if code:
            countries[code] = d
        else:
            background.append(d)
    return {
        "source": SOURCE,
        "licence": "Natural Earth: public domain. world-atlas packaging: ISC licence.",
        "projection": {"name": "Lambert azimuthal equal-area", "lon0": LON0, "lat0": LAT0},
        "width": WIDTH,
        "height": height,
        "countries": dict(sorted(countries.items())),
        "background": background,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="the downloaded countries-110m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    result = build(json.loads(args.topojson.read_text()))
    args.output.write_text(json.dumps(result, indent=0, separators=(",", ":")) + "\n")
    print(
        f"{args.output}: {len(result['countries'])} countries, {args.output.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()

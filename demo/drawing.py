"""
The demo's illustrations, drawn with Pillow: a gradient in a section's colours and an
abstract, chart-like composition, so the demo needs no download and is reproducible
from a seed.
"""

import io
import math
import random
from functools import partial

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw, ImageOps

from demo.specs import Palette

DEMO_IMAGE_SIZE = (1280, 720)

Draw = ImageDraw.ImageDraw
Size = tuple[int, int]


def _rgba(color: str, alpha: int = 255) -> tuple[int, int, int, int]:
    red, green, blue = ImageColor.getrgb(color)[:3]
    return red, green, blue, alpha


def _dot(draw: Draw, x: float, y: float, radius: float, fill: tuple[int, ...]) -> None:
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=fill)


def _grid(draw: Draw, size: Size, color: str, rows: int = 5) -> None:
    width, height = size
    for row in range(1, rows):
        y = round(height * row / rows)
        draw.line([(0, y), (width, y)], fill=_rgba(color, 40), width=2)


def _bars(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    _grid(draw, size, palette.accents[2])
    count, margin, baseline = rng.randint(12, 18), width * 0.08, height * 0.86
    step, value = (width - 2 * margin) / count, rng.uniform(0.25, 0.4)
    for index in range(count):
        value = min(0.95, max(0.1, value + rng.uniform(-0.08, 0.12)))
        left, top = margin + (index + 0.15) * step, baseline - value * height * 0.7
        color = palette.accents[1] if index == count - 1 else palette.accents[0]
        draw.rectangle([left, top, left + step * 0.7, baseline], fill=_rgba(color, 225))
    draw.line([(margin, baseline), (width - margin, baseline)], fill=_rgba("#fff", 180), width=4)


def _lines(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    _grid(draw, size, palette.accents[2], rows=6)
    for column in range(1, 8):
        x = round(width * column / 8)
        draw.line([(x, 0), (x, height)], fill=_rgba(palette.accents[2], 25), width=2)
    for color in palette.accents:
        value, points = rng.uniform(0.3, 0.7), []
        for index in range(25):
            value = min(0.9, max(0.1, value + rng.uniform(-0.07, 0.08)))
            points.append((width * (0.05 + 0.9 * index / 24), height * (1 - value)))
        draw.line(points, fill=_rgba(color, 235), width=8, joint="curve")
        _dot(draw, *points[-1], 14, _rgba(color))


def _network(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    nodes = [(rng.uniform(0.05, 0.95) * width, rng.uniform(0.08, 0.92) * height) for _ in range(45)]
    for node in nodes:
        for neighbour in sorted(nodes, key=partial(math.dist, node))[1:4]:
            draw.line([node, neighbour], fill=_rgba(palette.accents[1], 90), width=3)
    for x, y in nodes:
        color = rng.choice((palette.accents[0], palette.accents[2]))
        _dot(draw, x, y, rng.uniform(6, 22), _rgba(color, 220))


def _mosaic(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    cell = height // 9
    for y in range(0, height, cell):
        for x in range(0, width, cell):
            if rng.random() < 0.45:
                fill = _rgba(rng.choice(palette.accents), rng.randint(50, 220))
                draw.rectangle([x + 6, y + 6, x + cell - 6, y + cell - 6], fill=fill)


def _skyline(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    x = 0.0
    while x < width:
        wide, top = rng.uniform(70, 170), height * rng.uniform(0.25, 0.75)
        fill = _rgba(rng.choice(palette.accents[1:]), 200)
        draw.rectangle([x, top, x + wide - 8, height], fill=fill)
        for wy in range(round(top) + 20, height - 30, 42):
            for wx in range(round(x) + 14, round(x + wide) - 30, 28):
                if rng.random() < 0.55:
                    draw.rectangle([wx, wy, wx + 12, wy + 20], fill=_rgba(palette.accents[0], 210))
        x += wide


def _hemicycle(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    cuts = sorted(rng.uniform(0.15, 0.85) for _ in range(2))
    for row in range(9):
        radius, seats = height * (0.3 + 0.06 * row), 20 + row * 5
        for seat in range(seats):
            share = seat / (seats - 1)
            group = 0 if share < cuts[0] else 1 if share < cuts[1] else 2
            angle = math.pi * (1 - share)
            x, y = width / 2 + radius * math.cos(angle), height * 0.88 - radius * math.sin(angle)
            _dot(draw, x, y, 11, _rgba(palette.accents[group]))


def _waves(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    for index in range(8):
        amplitude, wavelength = rng.uniform(0.04, 0.14) * height, rng.uniform(0.3, 0.8) * width
        phase, middle = rng.uniform(0, 2 * math.pi), height * (0.2 + 0.6 * index / 7)
        points = [
            (x, middle + amplitude * math.sin(2 * math.pi * x / wavelength + phase))
            for x in range(0, width + 16, 16)
        ]
        draw.line(points, fill=_rgba(palette.accents[index % 3], 200), width=6, joint="curve")


def _sun(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    cx, cy, radius = width * rng.uniform(0.55, 0.75), height * 0.4, height * 0.2
    for ring in (3, 2, 1):
        _dot(draw, cx, cy, radius * (1 + 0.25 * ring), _rgba(palette.accents[0], 30))
    for ray in range(24):
        cos, sin = math.cos(math.pi * ray / 12), math.sin(math.pi * ray / 12)
        start, end = radius * 1.9, radius * rng.uniform(2.3, 2.8)
        segment = [(cx + start * cos, cy + start * sin), (cx + end * cos, cy + end * sin)]
        draw.line(segment, fill=_rgba(palette.accents[0], 170), width=6)
    _dot(draw, cx, cy, radius, _rgba(palette.accents[0]))
    for layer, color in enumerate(palette.accents[1:]):
        base, phase = height * (0.72 + 0.1 * layer), rng.uniform(0, 2 * math.pi)
        hills = [(x, base + 40 * math.sin(x / 180 + phase)) for x in range(0, width + 20, 20)]
        draw.polygon([(0, height), *hills, (width, height)], fill=_rgba(color, 170))


def _circuit(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    for _ in range(40):
        x, y = rng.randrange(0, width, 50), rng.randrange(0, height, 50)
        points = [(x, y)]
        for _ in range(rng.randint(3, 6)):
            (dx, dy), length = rng.choice(((1, 0), (0, 1), (0, -1), (1, 1))), 50 * rng.randint(1, 4)
            x, y = x + dx * length, y + dy * length
            points.append((x, y))
        color = _rgba(rng.choice(palette.accents[:2]))
        draw.line(points, fill=color, width=5)
        for px, py in (points[0], points[-1]):
            draw.ellipse([px - 10, py - 10, px + 10, py + 10], outline=color, width=4)
    cx, cy, half = width / 2, height / 2, height * 0.16
    for pin in range(8):
        y = cy - half + (pin + 0.5) * half / 4
        draw.line(
            [(cx - half - 30, y), (cx + half + 30, y)], fill=_rgba(palette.accents[2]), width=6
        )
    chip = [cx - half, cy - half, cx + half, cy + half]
    draw.rectangle(chip, fill=_rgba(palette.dark), outline=_rgba(palette.accents[0]), width=6)


# fmt: off
_PAINTERS = {
    "bars": _bars, "lines": _lines, "network": _network, "mosaic": _mosaic, "skyline": _skyline,
    "hemicycle": _hemicycle, "waves": _waves, "sun": _sun, "circuit": _circuit,
}
# fmt: on
STYLES = frozenset(_PAINTERS)


def draw_demo_image(
    *, style: str, palette: Palette, seed: str, size: Size = DEMO_IMAGE_SIZE
) -> bytes:
    """
    Draw an abstract illustration (a gradient and a chart-like composition in the
    section's colours) and return it as JPEG bytes. The same arguments always give the
    same picture. Shapes are drawn on one transparent layer composited once, which is
    much cheaper than blending each shape.
    """
    rng = random.Random(seed)
    gradient = PILImage.linear_gradient("L")
    if rng.random() < 0.5:
        gradient = gradient.rotate(90)
    background = ImageOps.colorize(gradient.resize(size), black=palette.dark, white=palette.light)
    layer = PILImage.new("RGBA", size, (0, 0, 0, 0))
    _PAINTERS[style](ImageDraw.Draw(layer), rng, size, palette)
    picture = PILImage.alpha_composite(background.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()

"""
Bar charts drawn on the server: the geometry of an SVG, which the template
``audience/_bar_chart.html`` writes out. No JavaScript, nothing from a CDN, and
only presentation attributes (the CSP forbids inline styles).
"""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 28
LABEL_EVERY = 5


@dataclass(frozen=True)
class Bar:
    day: date
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class DayLabel:
    text: str
    x: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[DayLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def nice_step(value: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ (at least 1) not below ``value``."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= value:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def bar_chart(series: list[tuple[date, int]], *, title: str) -> Chart:
    """One bar per day; a y axis with about four round steps; a day label every few bars."""
    values = [max(value, 0) for _day, value in series]
    step = nice_step(max(values, default=0) / 4)
    top = step * max(1, math.ceil(max(values, default=0) / step))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(series), 1)
    bars, labels = [], []
    for index, ((day, _raw), value) in enumerate(zip(series, values, strict=True)):
        height = round(plot_height * value / top, 1)
        x = LEFT + index * slot
        bars.append(
            Bar(
                day=day,
                value=value,
                x=round(x + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
            )
        )
        if index % LABEL_EVERY == 0 or index == len(series) - 1:
            labels.append(DayLabel(text=format_date(day, "j/m"), x=round(x + slot / 2, 1)))
    ticks = [
        Tick(value=value, y=round(TOP + plot_height - plot_height * value / top, 1))
        for value in range(0, top + 1, step)
    ]
    return Chart(title=title, bars=bars, ticks=ticks, labels=labels)

"""Geometry for the small inline SVG trend charts: numbers only, so templates stay simple and safe.

A chart is the 24-month line, the SPC process limits as a shaded band, the mean as a dashed line and
special-cause points as filled dots. The template (`templates/sparkline.html`) turns this into SVG
with an accessible name; nothing here comes from input text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from csc_scorecard.render.model_types import SeriesPoint

WIDTH = 132
HEIGHT = 34
PAD = 4


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    kind: str  # "improvement", "concern", "neutral", "latest" or "" (common cause)


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: int
    height: int
    line: str  # SVG path of the values (gaps where a month has no value)
    band: str  # SVG path of the process-limit band, or ""
    mean: str  # SVG path of the mean, or ""
    dots: tuple[Dot, ...]
    empty: bool


def _fmt(number: float) -> str:
    return f"{number:.1f}"


def sparkline(points: Sequence[SeriesPoint], width: int = WIDTH, height: int = HEIGHT) -> Sparkline:
    """Scale a series into a width × height box. Limits widen the scale so the band always shows."""
    known = [p for p in points if p.value is not None]
    if not known:
        return Sparkline(width, height, "", "", "", (), True)
    values = [p.value for p in known if p.value is not None]
    values += [v for p in known for v in (p.upper, p.lower, p.mean) if v is not None]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    step = (width - 2 * PAD) / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return PAD + index * step

    def y(value: float) -> float:
        return height - PAD - (value - low) / (high - low) * (height - 2 * PAD)

    segments: list[str] = []
    pen_down = False
    for index, point in enumerate(points):
        if point.value is None:
            pen_down = False
            continue
        segments.append(f"{'L' if pen_down else 'M'}{_fmt(x(index))} {_fmt(y(point.value))}")
        pen_down = True

    limited = [(i, p) for i, p in enumerate(points) if p.upper is not None and p.lower is not None]
    band = ""
    if len(limited) >= 2:
        top = [f"{_fmt(x(i))} {_fmt(y(p.upper or 0.0))}" for i, p in limited]
        bottom = [f"{_fmt(x(i))} {_fmt(y(p.lower or 0.0))}" for i, p in reversed(limited)]
        band = "M" + " L".join(top + bottom) + " Z"
    means = [(i, p.mean) for i, p in enumerate(points) if p.mean is not None]
    mean = ""
    if len(means) >= 2:
        mean = "M" + " L".join(f"{_fmt(x(i))} {_fmt(y(m))}" for i, m in means if m is not None)

    dots = [
        Dot(x(i), y(p.value), p.special_cause)
        for i, p in enumerate(points)
        if p.value is not None and p.special_cause
    ]
    last_index = max(i for i, p in enumerate(points) if p.value is not None)
    last = points[last_index]
    if not last.special_cause and last.value is not None:
        dots.append(Dot(x(last_index), y(last.value), "latest"))
    return Sparkline(width, height, " ".join(segments), band, mean, tuple(dots), False)

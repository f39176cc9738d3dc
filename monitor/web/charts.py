"""Charts as inline SVG drawn on the server: no JavaScript, no third-party code. Labels are
escaped; colours are SVG attributes (the Content-Security-Policy allows no inline style)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from scwatch.core.text.controls import strip_controls

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 170, 20, 40
COLOURS = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7ea4")


def weekly_chart(chart: Mapping[str, Any], title: str) -> Markup:
    """One line per series over the weeks, with axes, week labels and a legend."""
    weeks: list[str] = chart["weeks"]
    series: list[dict[str, Any]] = chart["series"][: len(COLOURS)]
    peak = max((max(s["counts"], default=0) for s in series), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(weeks) - 1, 1)

    def point(index: int, value: int) -> str:
        return f"{LEFT + index * step:.1f},{TOP + plot_h - value / peak * plot_h:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        _axes(plot_w, plot_h, peak),
        *_week_labels(weeks, step),
    ]
    for n, line in enumerate(series):
        parts += _line(COLOURS[n], [point(i, v) for i, v in enumerate(line["counts"])],
                       line["counts"])
        parts += _legend(n, COLOURS[n], str(line["key"]))
    if not series:
        parts.append(f'<text x="{LEFT + 10}" y="{TOP + plot_h / 2}" font-size="13">'
                     "아직 없음 · nothing yet</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _line(colour: str, points: list[str], counts: list[int]) -> list[str]:
    """The series' line, with a dot on each week that has stories."""
    drawn = [f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
             f'points="{" ".join(points)}"/>']
    for at, value in zip(points, counts, strict=True):
        if value:
            x, y = at.split(",")
            drawn.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
    return drawn


def _legend(n: int, colour: str, key: str) -> list[str]:
    label = escape(strip_controls(key)[:24])
    y = TOP + 14 + n * 18
    return [
        f'<rect x="{WIDTH - RIGHT + 12}" y="{y - 9}" width="10" height="10" fill="{colour}"/>',
        f'<text x="{WIDTH - RIGHT + 28}" y="{y}" font-size="12">{label}</text>',
    ]


def _axes(plot_w: float, plot_h: float, peak: int) -> str:
    base = TOP + plot_h
    return (
        f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#888"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#888"/>'
        f'<text x="{LEFT - 6}" y="{TOP + 4}" font-size="11" text-anchor="end">{peak}</text>'
        f'<text x="{LEFT - 6}" y="{base}" font-size="11" text-anchor="end">0</text>'
    )


def _week_labels(weeks: list[str], step: float) -> list[str]:
    every = max(1, len(weeks) // 6)
    return [
        f'<text x="{LEFT + i * step:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
        f'text-anchor="middle">{escape(week[5:])}</text>'
        for i, week in enumerate(weeks)
        if i % every == 0
    ]

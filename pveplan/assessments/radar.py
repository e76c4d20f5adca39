"""The radar chart of an assessment's scores: an inline SVG computed here, no JavaScript.

The same SVG goes into the web page and the PDF. Its axes are labelled with the dimensions'
numbers, and the names stand beside it in the scores table (HTML): WeasyPrint lays out SVG text
one letter at a time, which would break Arabic shaping, and ten long names around a circle
crowd it anyway. Axis 1 is at the top; the others follow in reading direction: clockwise in
left-to-right languages, counter-clockwise (mirrored) in right-to-left ones.

Only styling attributes are used (no `style` attribute or element), so the strict CSP allows it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pveplan.assessments.dimensions import ORDER, dimension_number
from pveplan.assessments.scoring import TARGET_LEVEL

SIZE = 400
CENTER = SIZE / 2
RADIUS = 150
LABEL_RADIUS = 172
GRID = "#c8d0da"
INK = "#4b5563"
COLOURS = {"current": "#1f5fa8", "earlier": "#b45309"}


@dataclass(frozen=True)
class Series:
    """One polygon: a dimension -> score mapping, drawn in the colour of `kind`."""

    label: str
    scores: dict[str, Decimal | None]
    kind: str = "current"  # or "earlier"


def axes_of(series: Sequence[Series]) -> list[str]:
    """The dimensions every series has a score for, in the dimensions' order."""
    return [
        code for code in ORDER if series and all(s.scores.get(code) is not None for s in series)
    ]


def point(index: int, count: int, level: float, *, rtl: bool = False) -> tuple[float, float]:
    """Where `level` (0-4) lies on axis `index` of `count`: axis 0 points up, the next ones
    follow clockwise, or counter-clockwise when `rtl`."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    radius = RADIUS * level / TARGET_LEVEL
    dx = radius * math.cos(angle)
    return CENTER + (-dx if rtl else dx), CENTER + radius * math.sin(angle)


def _fmt(value: float) -> str:
    # Never localized: "12.5" stays "12.5" in French or Arabic pages (SVG needs dots).
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def points(levels: Sequence[float], *, rtl: bool = False) -> str:
    """The `points` attribute of the polygon through `levels`, one per axis."""
    count = len(levels)
    return " ".join(
        f"{_fmt(x)},{_fmt(y)}"
        for x, y in (point(i, count, level, rtl=rtl) for i, level in enumerate(levels))
    )


def radar_svg(series: Sequence[Series], *, title: str, rtl: bool = False) -> SafeString:
    """The chart, or an empty string when fewer than three dimensions can be drawn."""
    axes = axes_of(series)
    count = len(axes)
    if count < 3:
        return SafeString("")
    parts: list[str] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {s} {s}" '
            'width="{s}" height="{s}" role="img" aria-label="{title}">',
            s=SIZE,
            title=title,
        ),
        format_html('<g class="radar-grid" fill="none" stroke="{}" stroke-width="1">', GRID),
    ]
    for level in range(1, TARGET_LEVEL + 1):
        parts.append(format_html('<polygon points="{}"/>', points([level] * count, rtl=rtl)))
    for index in range(count):
        x, y = point(index, count, TARGET_LEVEL, rtl=rtl)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}"/>',
                _fmt(CENTER),
                _fmt(CENTER),
                _fmt(x),
                _fmt(y),
            )
        )
    parts.append("</g>")
    # Attributes on each text, not inherited from a group: WeasyPrint reads them there.
    parts.append('<g class="radar-levels">')
    for level in range(1, TARGET_LEVEL + 1):
        x, y = point(0, count, level, rtl=rtl)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" fill="{}">{}</text>',
                _fmt(x + (-10 if rtl else 4)),
                _fmt(y - 3),
                INK,
                level,
            )
        )
    parts.append("</g>")
    for line in series:
        colour = COLOURS.get(line.kind, COLOURS["current"])
        levels = [float(line.scores[code] or 0) for code in axes]
        dashes = ' stroke-dasharray="6 4"' if line.kind == "earlier" else ""
        parts.append(
            format_html(
                '<g class="radar-series series-{kind}"><title>{label}</title>'
                '<polygon points="{points}" fill="{colour}" fill-opacity="0.18" '
                'stroke="{colour}" stroke-width="2"{dashes}/>',
                kind=line.kind,
                label=line.label,
                points=points(levels, rtl=rtl),
                colour=colour,
                dashes=mark_safe(dashes),  # noqa: S308 -- a constant
            )
        )
        for index, code in enumerate(axes):
            x, y = point(index, count, levels[index], rtl=rtl)
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{} {}: {}</title></circle>',
                    _fmt(x),
                    _fmt(y),
                    colour,
                    line.label,
                    dimension_number(code),
                    line.scores[code],
                )
            )
        parts.append("</g>")
    parts.append('<g class="radar-axes">')
    for index, code in enumerate(axes):
        x, y = point(index, count, TARGET_LEVEL * LABEL_RADIUS / RADIUS, rtl=rtl)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="14" font-weight="700" fill="{}" '
                'text-anchor="middle" dominant-baseline="central">{}</text>',
                _fmt(x),
                _fmt(y),
                INK,
                dimension_number(code),
            )
        )
    parts.append("</g></svg>")
    # Every part is a constant or was escaped by format_html.
    return mark_safe("".join(parts))  # noqa: S308

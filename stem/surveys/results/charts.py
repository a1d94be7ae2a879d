"""Bar charts as inline SVG, drawn on the server: no JavaScript, readable on a 360 px phone.

Each bar has its label on its own line above it (long labels wrap), so the chart can be
narrow; in right-to-left languages the labels start at the right and the bars grow to the
left. A chart is an image with a <title> and <desc>; the same figures are in the data
table beside it, which is what screen readers and keyboard users read.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 400
PAD = 2
VALUE_SPACE = 112  # room after the longest bar for "1.234 (100%)"
LABEL_SIZE = 15
LINE = 19
BAR = 20
GAP = 14
WRAP = 44  # characters per label line at LABEL_SIZE in WIDTH
BAR_COLOUR = "#1d4f91"
TRACK_COLOUR = "#e4e7eb"


@dataclass(frozen=True)
class Bar:
    label: str
    fraction: float | None  # 0..1 of the longest possible bar; None: no bar (hidden figure)
    value: str  # what is written after the bar


def _text(x: float, y: float, content: str, rtl: bool, css: str, size: int) -> str:
    x = WIDTH - x if rtl else x
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" font-size="{size}" '
        f'text-anchor="start"{direction} fill="currentColor">{escape(content)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, rtl: bool, css: str, fill: str) -> str:
    x = WIDTH - x - width if rtl else x
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" '
        f'class="{css}" fill="{fill}"/>'
    )


def bar_chart(chart_id: str, title: str, desc: str, bars: list[Bar], rtl: bool = False) -> Markup:
    """A horizontal bar chart; `chart_id` must be unique on the page."""
    longest = WIDTH - 2 * PAD - VALUE_SPACE
    parts: list[str] = []
    y = 0.0
    for bar in bars:
        for line in textwrap.wrap(bar.label or "", WRAP) or [""]:
            y += LINE
            parts.append(_text(PAD, y - 4, line, rtl, "stem-chart__label", LABEL_SIZE))
        top = y + 2
        parts.append(_rect(PAD, top, longest, BAR, rtl, "stem-chart__track", TRACK_COLOUR))
        width = 0.0
        if bar.fraction is not None:
            width = max(0.0, min(1.0, bar.fraction)) * longest
            if width > 0:
                parts.append(
                    _rect(PAD, top, max(width, 1.5), BAR, rtl, "stem-chart__bar", BAR_COLOUR)
                )
        value_x = PAD + (width if bar.fraction is not None else 0) + 6
        if bar.fraction is None:
            value_x = PAD + 6
        parts.append(_text(value_x, top + BAR - 5, bar.value, rtl, "stem-chart__value", 14))
        y = top + BAR + GAP
    height = max(y, 1)
    ids = f"{chart_id}-title {chart_id}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stem-chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-labelledby="{ids}" '
        f'focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
    return Markup(svg)  # noqa: S704 - every text in it went through escape() above

"""Server-rendered SVG bar charts, drawn beside the data table they show.

Plain SVG with presentation attributes (no script, no style sheet), so the chart works
without JavaScript, under a strict Content Security Policy and in a printed PDF; the
table beside it carries the same numbers for screen readers (the chart is labelled as
an image summarising that table)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
BAR_WIDTH = 330
VALUE_WIDTH = 70
COLOUR = "#1d70b8"  # GOV.UK blue
TEXT = "#0b0c0c"
_ids = count(1)


def _format(value: float, unit: str) -> str:
    number = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{number}{unit}"


def bar_chart(
    title: str, bars: Sequence[tuple[str, float]], *, unit: str = "", maximum: float | None = None
) -> SafeString:
    """A horizontal bar chart of (label, value) pairs; `maximum` fixes the scale (100 for %)."""
    chart_id = f"chart-{next(_ids)}"
    top = max([maximum or 0, *(value for _, value in bars)]) or 1
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="{BAR_HEIGHT}" fill="{TEXT}" font-size="16">No data</text>')
    for index, (label, value) in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * value / top, 1)
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="{TEXT}" '
            f'font-family="arial, sans-serif" font-size="14">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{COLOUR}"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" fill="{TEXT}" '
            f'font-family="arial, sans-serif" font-size="14">{escape(_format(value, unit))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped

"""Indicator trend charts as SVG (diagram i dokument), generated on the server for PDF reports.

DESIGN "Architecture": Chart.js in pages, SVG in documents. ``trend_chart_svg`` draws one
indicator's outcomes (utfall) per period as a line with markers and the årsmål of each period as
a dashed line, with Swedish axis labels ("4,5 %"). The chart carries its alternative text: the
SVG's ``<title>`` (which WeasyPrint writes as the tagged PDF figure's /Alt) holds the whole
text alternative — indicator, every period's outcome and årsmål — and ``<desc>`` repeats it for
screen readers; ``role="img"`` and ``aria-labelledby`` point at both.

No models or queries: the input is the ``series`` of an indicator row of
``verksam.followup.report_data`` (label, value and target as decimal strings, texts in Swedish).
"""

from __future__ import annotations

import math
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from verksam.core.swedish_numbers import format_swedish_number

__all__ = ["trend_chart_svg", "nice_ticks"]

OUTCOME_COLOUR = "#0b4f8a"
TARGET_COLOUR = "#5a5a5a"
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` + 1 evenly spaced "round" tick values (steps 1, 2, 2.5 or 5 × 10^k) that
    cover ``low``–``high``. Equal ends get a band around them: (4.5, 4.5) → [4, 4.5, 5] style."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    start = math.floor(low / step + 1e-9) * step
    ticks, value = [], start
    while True:
        ticks.append(round(value, 10))
        if value >= high - step * 1e-9:
            break
        value += step
    return ticks


def _decimals(ticks: list[float]) -> int:
    """Decimals every tick label needs: the step's own (0,25 → 2; 0,1 → 1; 5 → 0)."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    exponent = Decimal(str(round(step, 10))).normalize().as_tuple().exponent
    return max(0, -exponent)


def _tick_text(value: float, decimals: int, unit: str) -> str:
    number = format_swedish_number(Decimal(str(value)), decimals)
    return f"{number}\u00a0%" if unit == "%" else number


def trend_chart_svg(series: list[dict], *, chart_id: str, title: str, desc: str = "",
                    unit_of_measure: str = "", width: int = 300, height: int = 160) -> str:
    """One indicator's trend as an SVG string (no XML declaration, ready to inline in HTML).

    ``series``: points in time order, each ``{"label": "T1 2024", "value": "4.8" | None,
    "text": "4,8 %", "target": "4.5" | None, "target_text": "4,5 %"}``. ``chart_id`` makes the
    ``<title>``/``<desc>`` ids unique in the document; ``title`` is the full alternative text
    (it becomes the PDF's /Alt); ``desc`` an optional longer description (defaults to ``title``).
    Sizes are in CSS pixels. A series without any value draws the frame and the words "Inga
    värden".
    """
    desc = desc or title
    left, right, top, bottom = 48, 8, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(p["value"]) if p.get("value") is not None else None for p in series]
    targets = [float(p["target"]) if p.get("target") is not None else None for p in series]
    known = [v for v in values + targets if v is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby={quoteattr(f"{chart_id}-title {chart_id}-desc")} class="trend-chart" '
        f'font-family={quoteattr(FONT)} font-size="9">',
        f'<title id={quoteattr(chart_id + "-title")}>{escape(title)}</title>',
        f'<desc id={quoteattr(chart_id + "-desc")}>{escape(desc)}</desc>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#b0b0b0" '
        f'stroke-width="0.75"/>',
    ]
    if not known:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
                     f'fill="#444">{escape(_("Inga värden"))}</text></svg>')
        return "".join(parts)
    ticks = nice_ticks(min(known), max(known))
    low, high = ticks[0], ticks[-1]
    decimals = _decimals(ticks)

    def y_of(v: float) -> float:
        return top + plot_h - (v - low) / (high - low) * plot_h

    n = len(series)
    slot = plot_w / max(n, 1)

    def x_of(i: int) -> float:
        return left + slot * (i + 0.5)

    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e2e2e2" '
                     f'stroke-width="0.75"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 3.5:.1f}" text-anchor="end" fill="#333">'
                     f'{escape(_tick_text(tick, decimals, unit_of_measure))}</text>')
    for i, point in enumerate(series):
        parts.append(f'<text x="{x_of(i):.1f}" y="{top + plot_h + 14}" text-anchor="middle" fill="#333">'
                     f'{escape(point["label"])}</text>')
    # årsmål: a dashed horizontal step per period
    for i, target in enumerate(targets):
        if target is None:
            continue
        y = y_of(target)
        parts.append(f'<line x1="{x_of(i) - slot * 0.42:.1f}" y1="{y:.1f}" x2="{x_of(i) + slot * 0.42:.1f}" '
                     f'y2="{y:.1f}" stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="5 3"/>')
    # utfall: line through the measured points, a marker and the value on each
    coords = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{OUTCOME_COLOUR}" stroke-width="2"/>')
    for i, v in enumerate(values):
        if v is None:
            continue
        x, y = x_of(i), y_of(v)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{OUTCOME_COLOUR}"/>')
        label_y = y - 7 if y - 7 > top + 8 else y + 14
        parts.append(f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" fill="{OUTCOME_COLOUR}" '
                     f'font-weight="bold">{escape(series[i]["text"])}</text>')
    legend_y = height - 9
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 3}" x2="{left + 18}" y2="{legend_y - 3}" stroke="{OUTCOME_COLOUR}" '
        f'stroke-width="2"/><circle cx="{left + 9}" cy="{legend_y - 3}" r="3" fill="{OUTCOME_COLOUR}"/>'
        f'<text x="{left + 23}" y="{legend_y}" fill="#222">{escape(_("Utfall"))}</text>'
        f'<line x1="{left + 80}" y1="{legend_y - 3}" x2="{left + 98}" y2="{legend_y - 3}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        f'<text x="{left + 103}" y="{legend_y}" fill="#222">{escape(_("Årsmål"))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)

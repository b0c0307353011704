"""Template helpers of the entry page: a small inline trend sparkline (SVG, drawn on the server)
and the words for a trend's last change.

``{% sparkline row.trend unit_of_measure %}`` draws the values oldest → newest as a 96 × 24 px
line with a dot on the newest value; the SVG has ``role="img"`` and an ``aria-label`` listing
every value the Swedish way ("Trend: VB 2023 4,9 %, T1 2024 4,8 %"), so the picture is never
the only carrier of the numbers. Fewer than two values draw nothing.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _, gettext_lazy

from verksam.core.swedish_numbers import format_swedish_number

register = template.Library()

WIDTH, HEIGHT, PAD = 96, 24, 3


def _text(value, unit: str) -> str:
    number = format_swedish_number(value)
    return f"{number}\u00a0{unit}" if unit else number


@register.simple_tag
def sparkline(points, unit: str = ""):
    """An inline SVG sparkline of ``points`` (``TrendPoint`` with ``label`` and Decimal ``value``)."""
    points = list(points or [])
    if len(points) < 2:
        return ""
    values = [float(p.value) for p in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    coords = [(PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD) if high != low else HEIGHT / 2)
              for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    label = _("Trend: %(values)s") % {"values": ", ".join(f"{p.label} {_text(p.value, unit)}" for p in points)}
    last_x, last_y = coords[-1]
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/></svg>',
        WIDTH, HEIGHT, WIDTH, HEIGHT, label, path, f"{last_x:.1f}", f"{last_y:.1f}",
    )


ARROWS = {"up": "↗", "down": "↘", "same": "→"}
MOVEMENT_WORDS = {"up": gettext_lazy("ökar"), "down": gettext_lazy("minskar"), "same": gettext_lazy("oförändrat")}
JUDGEMENT_WORDS = {"better": gettext_lazy("bättre"), "worse": gettext_lazy("sämre")}


@register.simple_tag
def trend_change(row):
    """The last change of ``row``'s trend (an ``EntryRow``): an arrow for the movement and a word —
    "bättre"/"sämre" (direction aware) or, for a neutral indicator, "ökar"/"minskar"; "" with
    fewer than two values."""
    movement = row.trend_movement
    if not movement:
        return ""
    word = JUDGEMENT_WORDS.get(row.trend_judgement) or MOVEMENT_WORDS[movement]
    return format_html('<span class="trend-change trend-{}"><span aria-hidden="true">{}</span> {}</span>',
                       row.trend_judgement or movement, ARROWS[movement], word)

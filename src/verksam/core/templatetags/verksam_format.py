"""Template filters for Swedish number output ("1 234,5" with U+00A0).

The formatting rule itself lives in ``verksam.core.swedish_numbers.format_swedish_number``;
this module only adapts it to templates.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from verksam.core.swedish_numbers import format_swedish_number

register = template.Library()


@register.filter
def sv_number(value, decimals=None):
    """Format a number the Swedish way ("1234.5000" → "1 234,5"); None or "" → "–";
    text that is not a number is returned unchanged. ``decimals`` fixes the number of decimals."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return format_swedish_number(number, None if decimals is None else int(decimals))

"""Template filters for Swedish number output ("1 234,5" with U+00A0)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def sv_number(value, decimals=None):
    """Format a number the Swedish way: thousands grouped by U+00A0, decimal comma, trailing
    zeros of the stored scale dropped ("1234.5000" → "1 234,5"); None → "–"."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-int(decimals)))
    else:
        number = number.normalize() if number == number.to_integral() else number.normalize()
        if number == number.to_integral():
            number = number.quantize(Decimal(1))
    sign = "−" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = "\u00a0".join(groups)
    return f"{sign}{result},{frac}" if frac else f"{sign}{result}"

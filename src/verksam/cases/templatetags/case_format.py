"""Template filters for amounts in cases: "746,2 mnkr" and "746 200 000 kr" (U+00A0 groups).

Both go through ``verksam.core.swedish_numbers.format_swedish_number`` (DESIGN.md "Swedish
numbers … Out").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from verksam.core.swedish_numbers import format_swedish_number

register = template.Library()

MILLION = Decimal(1_000_000)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def sek_kr(value) -> str:
    """Kronor as "746 200 000 kr" (whole kronor without decimals); None → ""."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return f"{format_swedish_number(amount)}\u00a0kr"


@register.filter
def sek_mnkr(value) -> str:
    """Kronor in millions as "746,2 mnkr" (the memo's way); amounts under a million in kronor
    ("12 500 kr"); None → ""."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if abs(amount) < MILLION:
        return sek_kr(amount)
    return f"{format_swedish_number(amount / MILLION)}\u00a0mnkr"

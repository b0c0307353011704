"""Template filters for amounts in cases: "746,2 mnkr" and "746 200 000 kr" (U+00A0 groups).

Both go through ``verksam.documents.formatting.format_amount_sek`` (DESIGN.md "Swedish
numbers … Out").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from verksam.documents.formatting import format_amount_sek

register = template.Library()

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
    return "" if amount is None else format_amount_sek(amount, "kr")


@register.filter
def sek_mnkr(value) -> str:
    """An amount as the memo writes it ("746,2 mnkr", "12 345 tkr", "1 500 kr"), never rounded;
    None → "". The rule is ``verksam.documents.formatting.format_amount_sek``."""
    amount = _decimal(value)
    return "" if amount is None else format_amount_sek(amount)

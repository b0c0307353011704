"""Swedish formatting for documents: numbers, amounts and dates as a memo writes them.

Numbers come from the one implementation, ``verksam.core.swedish_numbers.format_swedish_number``
("1 234,5" with U+00A0 between thousands groups, DESIGN.md "Swedish numbers … Out"). This module
adds the memo conventions on top: amounts in kronor with the unit a memo uses ("746,2 mnkr",
"12 500 tkr", "1 500 kr") and long dates ("10 januari 2024"). Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from verksam.core.swedish_numbers import format_swedish_number

__all__ = ["format_number", "format_amount_sek", "format_long_date", "MONTHS"]

#: Swedish month names, January first (documents are written in Swedish).
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")

_MILLION = Decimal(1_000_000)
_THOUSAND = Decimal(1000)


def format_number(value, decimals: int | None = None) -> str:
    """A number the Swedish way ("1 234,5", U+00A0 groups); ``None`` gives "–".

    Delegates to ``format_swedish_number`` (raises ``TypeError`` for non-numbers).
    """
    if value is None:
        return "–"
    return format_swedish_number(value, decimals)


def format_amount_sek(amount, unit: str | None = None) -> str:
    """An amount in kronor (``Decimal``/``int``) written as in a memo, exactly.

    ``unit`` None chooses the largest exact unit: "mnkr" when the amount is whole ten-thousands
    of kronor and at least one million (746 200 000 → "746,2 mnkr"), else "tkr" when it is
    whole thousands (12 345 000 → "12 345 tkr"), else "kr" ("1 500 kr"; öre with two decimals,
    "12,50 kr"). ``unit`` "mnkr", "tkr" or "kr" forces the unit (then the
    number carries as many decimals as it needs — never rounded). ``None`` amount gives "–".
    The space before the unit is an ordinary space, thousands groups use U+00A0.
    Raises ``ValueError`` for an unknown unit.
    """
    if amount is None:
        return "–"
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    if unit is None:
        if abs(value) >= _MILLION and value % 10_000 == 0:
            unit = "mnkr"
        elif abs(value) >= _THOUSAND and value % 1000 == 0:
            unit = "tkr"
        else:
            unit = "kr"
    divisor = {"mnkr": _MILLION, "tkr": _THOUSAND, "kr": Decimal(1)}.get(unit)
    if divisor is None:
        raise ValueError(f"Okänd beloppsenhet ”{unit}” (väntat mnkr, tkr eller kr).")
    scaled = value / divisor
    if unit == "kr" and scaled != scaled.to_integral_value():
        return f"{format_swedish_number(scaled, 2)} kr"
    return f"{format_swedish_number(scaled)} {unit}"


def format_long_date(value: dt.date | None) -> str:
    """A date as in running Swedish text: "10 januari 2024"; ``None`` gives ""."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"

"""Swedish formatting for documents: amounts as memos write them, long dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verksam.documents.formatting import format_amount_sek, format_long_date, format_number

NBSP = "\u00a0"


@pytest.mark.parametrize("amount, expected", [
    (Decimal("746200000"), "746,2 mnkr"),
    (Decimal("746200000.00"), "746,2 mnkr"),
    (12_500_000, "12,5 mnkr"),
    (3_000_000_000, f"3{NBSP}000 mnkr"),
    (Decimal("-2500000"), "-2,5 mnkr"),
    (12_345_000, f"12{NBSP}345 tkr"),
    (1_234_567, f"1{NBSP}234{NBSP}567 kr"),
    (1500, f"1{NBSP}500 kr"),
    (Decimal("12.5"), "12,50 kr"),
    (0, "0 kr"),
    (None, "–"),
])
def test_amounts_take_the_largest_exact_unit(amount, expected):
    assert format_amount_sek(amount) == expected


def test_a_forced_unit_keeps_every_decimal():
    assert format_amount_sek(Decimal("1234567"), "mnkr") == "1,234567 mnkr"
    assert format_amount_sek(Decimal("746200000"), "tkr") == f"746{NBSP}200 tkr"
    with pytest.raises(ValueError, match="Okänd beloppsenhet"):
        format_amount_sek(1, "euro")


def test_numbers_and_dates_read_the_swedish_way():
    assert format_number(Decimal("1234.5")) == f"1{NBSP}234,5"
    assert format_number(Decimal("4.5"), 2) == "4,50"
    assert format_number(None) == "–"
    assert format_long_date(dt.date(2024, 1, 10)) == "10 januari 2024"
    assert format_long_date(dt.date(2023, 12, 11)) == "11 december 2023"
    assert format_long_date(None) == ""

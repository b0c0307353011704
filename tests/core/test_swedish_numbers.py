"""Swedish numbers in and out (DESIGN.md "Rules decided": Swedish numbers in / Out)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verksam.core.swedish_numbers import (
    SwedishNumberError,
    format_swedish_number,
    parse_amount_sek,
    parse_swedish_number,
)

NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", Decimal("1234")),
        ("1 234", Decimal("1234")),
        (f"1{NBSP}234,5", Decimal("1234.5")),
        (f"1{NNBSP}234{NNBSP}567", Decimal("1234567")),
        ("0,5", Decimal("0.5")),
        (",5", Decimal("0.5")),
        ("  42 ", Decimal("42")),
        ("+3", Decimal("3")),
        ("1,50", Decimal("1.50")),
        ("1,234", Decimal("1.234")),
    ],
)
def test_it_reads_decimal_comma_and_grouped_thousands(text, value):
    assert parse_swedish_number(text) == value


def test_it_reads_dots_grouping_thousands_before_a_decimal_comma():
    assert parse_swedish_number("1.234,5") == Decimal("1234.5")
    assert parse_swedish_number("1.234.567") == Decimal("1234567")


@pytest.mark.parametrize("text", ["-12,5", f"{MINUS}12,5", f"{MINUS} 12,5"])
def test_it_reads_both_minus_signs(text):
    assert parse_swedish_number(text) == Decimal("-12.5")


@pytest.mark.parametrize("text", ["1,234.5", "1.234"])
def test_it_refuses_ambiguous_thousands(text):
    with pytest.raises(SwedishNumberError, match="tvetydigt") as error:
        parse_swedish_number(text)
    assert f"”{text}”" in str(error.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "Tomt"),
        ("   ", "Tomt"),
        ("1.5", "decimaltecknet ska vara komma"),
        ("12 34", "tre och tre"),
        ("12,", "efter decimalkommat"),
        ("abc", "annat än siffror"),
        ("1,2,3", "decimalerna"),
        ("-", "inga siffror"),
        ("1 234 kr", "annat än siffror"),
    ],
)
def test_it_refuses_what_is_not_a_number_in_swedish(text, reason):
    with pytest.raises(SwedishNumberError, match=reason):
        parse_swedish_number(text)


def test_the_error_is_a_value_error_naming_the_cell():
    with pytest.raises(ValueError, match="^blad Budget, rad 3, kolumn C: ”1,234.5”"):
        parse_swedish_number("1,234.5", where="blad Budget, rad 3, kolumn C")


@pytest.mark.parametrize(
    ("text", "kronor"),
    [
        ("746,2 mnkr", Decimal("746200000")),
        ("12 tkr", Decimal("12000")),
        ("1 500 kr", Decimal("1500")),
        ("3 miljarder kronor", Decimal("3000000000")),
        ("10 miljoner kronor", Decimal("10000000")),
        ("1 234,5 tkr", Decimal("1234500")),
        (f"{MINUS}2,5 mnkr", Decimal("-2500000")),
        ("0,5 kr", Decimal("0.5")),
        (f"1{NBSP}500{NBSP}kr", Decimal("1500")),
        ("4,25 mdkr", Decimal("4250000000")),
        ("7 MNKR", Decimal("7000000")),
    ],
)
def test_it_reads_amounts_into_kronor(text, kronor):
    assert parse_amount_sek(text) == kronor


def test_whole_amounts_come_back_without_decimals():
    assert str(parse_amount_sek("746,2 mnkr")) == "746200000"


@pytest.mark.parametrize("text", ["746,2", "12 euro", "mnkr", "1,234.5 mnkr", "1.234 kr"])
def test_it_refuses_amounts_without_a_known_unit_or_number(text):
    with pytest.raises(SwedishNumberError):
        parse_amount_sek(text)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Decimal("1234.5"), None, f"1{NBSP}234,5"),
        (1234567, None, f"1{NBSP}234{NBSP}567"),
        (Decimal("-1234.567"), 2, f"-1{NBSP}234,57"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("1.50"), None, "1,5"),
        (Decimal("1E+3"), None, f"1{NBSP}000"),
        (Decimal("-0.001"), 1, "0,0"),
        (12.5, 1, "12,5"),
        (0, None, "0"),
    ],
)
def test_it_writes_swedish_numbers_with_no_break_spaces(value, decimals, text):
    assert format_swedish_number(value, decimals) == text


def test_it_writes_custom_separators_and_minus():
    assert format_swedish_number(Decimal("-1234.5"), thousands_sep="", minus=MINUS) == f"{MINUS}1234,5"


@pytest.mark.parametrize("value", [None, "12", True])
def test_it_refuses_to_format_non_numbers(value):
    with pytest.raises(TypeError):
        format_swedish_number(value)


def test_it_refuses_to_format_infinity():
    with pytest.raises(SwedishNumberError):
        format_swedish_number(Decimal("Infinity"))


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**12, max_value=10**12)


@given(finite_decimals)
def test_formatted_numbers_read_back_to_the_same_value(value):
    assert parse_swedish_number(format_swedish_number(value)) == value


@given(finite_decimals, st.sampled_from([" ", NBSP, NNBSP]), st.sampled_from(["-", MINUS]))
def test_any_separator_and_minus_read_back(value, separator, minus):
    text = format_swedish_number(value, thousands_sep=separator, minus=minus)
    assert parse_swedish_number(text) == value


@given(st.text(max_size=30))
def test_any_text_gives_a_number_or_a_swedish_number_error(text):
    for parse in (parse_swedish_number, parse_amount_sek):
        try:
            parse(text)
        except SwedishNumberError:
            pass

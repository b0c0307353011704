"""Indicator verdicts (DESIGN.md "Rules decided" → "Indicator verdicts")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verksam.followup.rules.verdicts import Verdict, delvis_band, indicator_verdict
from verksam.planning.models import Direction, ToleranceKind

D = Decimal
RANK = {Verdict.EJ: 0, Verdict.DELVIS: 1, Verdict.HELT: 2}


def verdict(value, target, direction=Direction.HIGHER, kind=ToleranceKind.RELATIVE, tolerance=D(10)):
    return indicator_verdict(value, target, direction=direction, tolerance_kind=kind, tolerance=tolerance)


@pytest.mark.parametrize("value, expected", [
    (D(80), Verdict.HELT), (D(95), Verdict.HELT), (D(72), Verdict.DELVIS),
    (D("79.99"), Verdict.DELVIS), (D("71.99"), Verdict.EJ), (D(0), Verdict.EJ),
    (None, Verdict.NOT_MEASURED),
])
def test_higher_is_better_with_a_relative_band_of_ten_percent(value, expected):
    assert verdict(value, D(80)) == expected


@pytest.mark.parametrize("value, expected", [
    (D("4.5"), Verdict.HELT), (D("3.9"), Verdict.HELT), (D("5.0"), Verdict.DELVIS),
    (D("5.01"), Verdict.EJ), (None, Verdict.NOT_MEASURED),
])
def test_lower_is_better_with_an_absolute_band_mirrors(value, expected):
    assert verdict(value, D("4.5"), Direction.LOWER, ToleranceKind.ABSOLUTE, D("0.5")) == expected


@pytest.mark.parametrize("value, expected", [
    (D(0), Verdict.HELT), (D(2), Verdict.DELVIS), (D("2.1"), Verdict.EJ), (D(-1), Verdict.HELT),
])
def test_a_zero_target_uses_the_absolute_band(value, expected):
    assert verdict(value, D(0), Direction.LOWER, ToleranceKind.ABSOLUTE, D(2)) == expected


@pytest.mark.parametrize("direction, value, expected", [
    (Direction.HIGHER, D(0), Verdict.HELT), (Direction.HIGHER, D("0.01"), Verdict.HELT),
    (Direction.HIGHER, D("-0.01"), Verdict.EJ), (Direction.LOWER, D(0), Verdict.HELT),
    (Direction.LOWER, D("0.01"), Verdict.EJ), (Direction.LOWER, D(-3), Verdict.HELT),
])
def test_a_zero_target_with_a_relative_band_gives_only_helt_or_ej(direction, value, expected):
    assert verdict(value, D(0), direction, ToleranceKind.RELATIVE, D(10)) == expected


def test_a_negative_target_band_is_relative_to_its_absolute_value():
    # Target −10 (e.g. a net change), higher is better, 10 % → band 1: −11 is the edge.
    assert verdict(D(-11), D(-10)) == Verdict.DELVIS
    assert verdict(D("-11.01"), D(-10)) == Verdict.EJ


def test_a_neutral_indicator_gets_no_verdict_even_without_a_value():
    assert verdict(D(50), D(80), Direction.NEUTRAL) == Verdict.NO_VERDICT
    assert verdict(None, D(80), Direction.NEUTRAL) == Verdict.NO_VERDICT


def test_no_target_gives_no_verdict_but_no_value_is_still_ej_matt():
    assert verdict(D(50), None) == Verdict.NO_VERDICT
    assert verdict(None, None) == Verdict.NOT_MEASURED


def test_an_int_value_is_taken_exactly():
    assert verdict(72, 80) == Verdict.DELVIS


def test_the_labels_are_swedish():
    assert [str(v.label) for v in Verdict] == [
        "Årsmålet uppnås helt", "Årsmålet uppnås delvis", "Årsmålet uppnås ej", "Ej mätt",
        "Ingen bedömning",
    ]
    assert [v.value for v in Verdict] == ["helt", "delvis", "ej", "not_measured", "no_verdict"]


def test_the_band_width_is_in_the_indicators_unit():
    assert delvis_band(D(80), tolerance_kind=ToleranceKind.RELATIVE, tolerance=D(10)) == D(8)
    assert delvis_band(D(0), tolerance_kind=ToleranceKind.RELATIVE, tolerance=D(10)) == D(0)
    assert delvis_band(D(0), tolerance_kind=ToleranceKind.ABSOLUTE, tolerance=D(2)) == D(2)


def test_it_refuses_a_float_a_negative_tolerance_and_unknown_choices():
    with pytest.raises(TypeError):
        verdict(72.0, D(80))
    with pytest.raises(ValueError, match="Toleransen"):
        verdict(D(72), D(80), tolerance=D(-1))
    with pytest.raises(ValueError, match="riktning"):
        verdict(D(72), D(80), direction="up")
    with pytest.raises(ValueError, match="toleranstyp"):
        verdict(D(72), D(80), kind="percent")


# --- properties ---------------------------------------------------------------------------

numbers = st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=1000, places=4)
kinds = st.sampled_from([ToleranceKind.RELATIVE, ToleranceKind.ABSOLUTE])
directions = st.sampled_from([Direction.HIGHER, Direction.LOWER])


@given(target=numbers, direction=directions, kind=kinds, tolerance=tolerances)
def test_exactly_the_target_is_always_helt(target, direction, kind, tolerance):
    assert verdict(target, target, direction, kind, tolerance) == Verdict.HELT


@given(value=numbers, target=numbers, kind=kinds, tolerance=tolerances)
def test_lower_is_better_mirrors_higher_is_better(value, target, kind, tolerance):
    assert verdict(value, target, Direction.LOWER, kind, tolerance) == \
        verdict(-value, -target, Direction.HIGHER, kind, tolerance)


@given(value=numbers, target=numbers, kind=kinds, tolerance=tolerances, direction=directions)
def test_the_band_edge_is_delvis_and_just_beyond_is_ej(value, target, kind, tolerance, direction):
    band = delvis_band(target, tolerance_kind=kind, tolerance=tolerance)
    sign = -1 if direction == Direction.HIGHER else 1
    edge = target + sign * band
    assert verdict(edge, target, direction, kind, tolerance) == (Verdict.DELVIS if band else Verdict.HELT)
    assert verdict(edge + sign * D("0.0001"), target, direction, kind, tolerance) == Verdict.EJ


@given(a=numbers, b=numbers, target=numbers, kind=kinds, tolerance=tolerances)
def test_a_better_value_never_gets_a_worse_verdict(a, b, target, kind, tolerance):
    low, high = sorted([a, b])
    assert RANK[verdict(high, target, Direction.HIGHER, kind, tolerance)] >= \
        RANK[verdict(low, target, Direction.HIGHER, kind, tolerance)]


@given(target=numbers, direction=st.sampled_from(list(Direction)), kind=kinds, tolerance=tolerances)
def test_no_value_is_never_ej(target, direction, kind, tolerance):
    assert verdict(None, target, direction, kind, tolerance) in (Verdict.NOT_MEASURED, Verdict.NO_VERDICT)


@given(value=numbers, direction=directions, tolerance=tolerances)
def test_a_zero_target_never_divides_by_zero(value, direction, tolerance):
    result = verdict(value, D(0), direction, ToleranceKind.RELATIVE, tolerance)
    assert result in (Verdict.HELT, Verdict.EJ)

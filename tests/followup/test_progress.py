"""Progress from a baseline (DESIGN.md "Rules decided" → "Progress from a baseline")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from verksam.followup.rules.progress import Progress, progress
from verksam.planning.models import Direction

D = Decimal


@pytest.mark.parametrize("value, fraction, shown, worsened", [
    (D(40), D(0), D(0), False),
    (D(50), D("0.5"), D(50), False),
    (D(60), D(1), D(100), False),
    (D(70), D("1.5"), D(100), False),
    (D(35), D("-0.25"), D(0), True),
])
def test_higher_is_better_from_40_toward_60(value, fraction, shown, worsened):
    assert progress(value, D(40), D(60)) == Progress(fraction, shown, worsened)


def test_lower_is_better_follows_from_the_formula():
    # Sick leave from 8 % toward 6 %: 7 is halfway, 9 is a worsening.
    assert progress(D(7), D(8), D(6)) == Progress(D("0.5"), D(50), False)
    assert progress(D(9), D(8), D(6)) == Progress(D(-0.5), D(0), True)
    assert progress(D(5), D(8), D(6)).shown_percent == D(100)


def test_the_shown_percent_is_rounded_down_so_100_means_reached():
    assert progress(D(1), D(0), D(3)).shown_percent == D("33.3")
    assert progress(D("2.9999"), D(0), D(3)).shown_percent == D("99.9")


def test_the_text_is_swedish_with_the_word_forsamring():
    assert progress(D(50), D(40), D(60)).text == "50\u00a0%"
    assert progress(D(1), D(0), D(3)).text == "33,3\u00a0%"
    assert progress(D(35), D(40), D(60)).text == "0\u00a0% (försämring)"
    assert progress(None, D(40), D(60)).text == "–"


@pytest.mark.parametrize("value, start, target", [(None, D(1), D(2)), (D(1), None, D(2)), (D(1), D(1), None)])
def test_a_missing_value_baseline_or_target_shows_nothing(value, start, target):
    assert progress(value, start, target) == Progress(None, None, False)


@pytest.mark.parametrize("direction, value, expected", [
    (Direction.HIGHER, D(95), Progress(None, D(100), False)),
    (Direction.HIGHER, D(96), Progress(None, D(100), False)),
    (Direction.HIGHER, D(94), Progress(None, D(0), True)),
    (Direction.LOWER, D(94), Progress(None, D(100), False)),
    (Direction.LOWER, D(96), Progress(None, D(0), True)),
    (None, D(95), Progress(None, D(100), False)),
    (None, D(96), Progress(None, None, False)),
    (Direction.NEUTRAL, D(94), Progress(None, None, False)),
])
def test_a_target_equal_to_the_start_means_hold_the_level(direction, value, expected):
    assert progress(value, D(95), D(95), direction=direction) == expected


def test_it_refuses_floats_and_unknown_directions():
    with pytest.raises(TypeError):
        progress(0.5, D(0), D(1))
    with pytest.raises(ValueError, match="riktning"):
        progress(D(1), D(1), D(1), direction="up")


numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@given(value=numbers, start=numbers, target=numbers)
def test_the_shown_percent_stays_within_0_and_100_and_never_divides_by_zero(value, start, target):
    result = progress(value, start, target, direction=Direction.HIGHER)
    assert result.shown_percent is not None
    assert D(0) <= result.shown_percent <= D(100)


@given(value=numbers, start=numbers, target=numbers)
def test_worse_than_the_start_shows_0_and_forsamring(value, start, target):
    assume(target != start)
    result = progress(value, start, target)
    moved_away = (value - start) * (target - start) < 0
    assert result.worsened == moved_away
    if moved_away:
        assert result.shown_percent == D(0)


@given(start=numbers, target=numbers)
def test_reaching_the_target_shows_100(start, target):
    assert progress(target, start, target, direction=Direction.LOWER).shown_percent == D(100)

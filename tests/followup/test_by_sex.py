"""Values by sex (DESIGN.md "Rules decided" → "By sex")."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verksam.followup.rules.by_sex import (
    BySexError, ShareBySex, rate_rollup, share_by_sex, total_from_sexes,
)

D = Decimal


def test_the_total_is_the_sum_of_women_and_men():
    assert total_from_sexes(None, D(140), D(110)) == D(250)
    assert total_from_sexes(D(250), D(140), D(110)) == D(250)


def test_a_different_total_is_refused_in_swedish():
    with pytest.raises(BySexError) as caught:
        total_from_sexes(D(1260), D(1140), D(110))
    assert str(caught.value) == ("Totalen 1\u00a0260 är inte summan av kvinnor och män (1\u00a0250). "
                                 "Ange 1\u00a0250 som total eller skriv ett skäl till skillnaden.")
    assert caught.value.field == "total"
    assert isinstance(caught.value, ValueError)


def test_a_different_total_is_kept_with_a_reason():
    assert total_from_sexes(D(253), D(140), D(110), reason="3 personer med skyddad identitet") == D(253)


def test_a_blank_reason_is_no_reason():
    with pytest.raises(BySexError):
        total_from_sexes(D(253), D(140), D(110), reason="  ")


def test_with_one_sex_missing_the_total_is_taken_as_given():
    assert total_from_sexes(D(250), D(140), None) == D(250)
    assert total_from_sexes(None, None, D(110)) is None


def test_shares_are_computed_only_over_units_reporting_by_sex():
    rows = [(D(30), D(10)), {"women": D(50), "men": D(10)}, (None, None),
            SimpleNamespace(women=D(7), men=None), (D(0), D(0))]
    share = share_by_sex(rows)
    assert share == ShareBySex(D(80), D(20), 3, 5)
    assert share.text == "beräknat över 3 av 5 enheter som redovisar per kön"


def test_shares_say_so_when_no_unit_reports_by_sex():
    share = share_by_sex([(None, D(1)), (None, None)])
    assert share == ShareBySex(None, None, 0, 2)
    assert share.text == "ingen av 2 enheter redovisar per kön"
    assert share_by_sex([(D(1), D(2))]).text == "beräknat över 1 av 1 enhet som redovisar per kön"


def test_all_zero_values_give_no_share_instead_of_dividing_by_zero():
    assert share_by_sex([(D(0), D(0))]) == ShareBySex(None, None, 1, 1)


def test_a_rate_rolls_up_as_sum_of_numerators_over_sum_of_denominators():
    assert rate_rollup([(D(5), D(100)), (D(15), D(300))], scale=100) == D(5)
    # 10 %, 10 % and 90 %: 100 of 200 = 50 %, not the mean of the rates (36,7 %).
    assert rate_rollup([(D(1), D(10)), (D(9), D(90)), (D(90), D(100))], scale=100) == D(50)
    rows = [{"numerator": D(3), "denominator": D(4)}, SimpleNamespace(numerator=D(1), denominator=D(4))]
    assert rate_rollup(rows) == D("0.5")


def test_without_kept_denominators_there_is_no_single_figure():
    assert rate_rollup([(D(5), D(100)), (D(15), None)]) is None
    assert rate_rollup([(D(0), D(0))]) is None
    assert rate_rollup([]) is None


def test_an_unmeasured_unit_is_left_out_of_the_rate():
    assert rate_rollup([(D(5), D(100)), (None, D(900))], scale=100) == D(5)


def test_it_refuses_a_negative_denominator():
    with pytest.raises(ValueError, match="Nämnaren"):
        rate_rollup([(D(1), D(-1))])


counts = st.decimals(min_value=0, max_value=10**9, places=2)
maybe = st.one_of(st.none(), counts)


@given(women=counts, men=counts)
def test_the_sum_is_always_accepted(women, men):
    assert total_from_sexes(women + men, women, men) == women + men


@given(rows=st.lists(st.tuples(maybe, maybe), max_size=20))
def test_shares_sum_to_100_and_count_only_units_with_both_values(rows):
    share = share_by_sex(rows)
    assert share.units_counted == sum(1 for w, m in rows if w is not None and m is not None)
    assert share.units_total == len(rows)
    if share.women_percent is not None:
        assert share.women_percent + share.men_percent == D(100)
        assert D(0) <= share.women_percent <= D(100)


@given(rows=st.lists(st.tuples(counts, st.decimals(min_value=1, max_value=10**6, places=2)),
                     min_size=1, max_size=20))
def test_a_rolled_up_rate_lies_between_the_units_rates(rows):
    rate = rate_rollup(rows)
    rates = [n / d for n, d in rows]
    assert min(rates) - D("1e-20") <= rate <= max(rates) + D("1e-20")

"""Control occasions over 2024: exact dates (DESIGN "Recurrence")."""

from __future__ import annotations

import datetime as dt

import pytest

from verksam.control.rules import RecurrenceError, occasions, plan_regeneration, shift_years

D = dt.date


def test_a_monthly_series_from_31_january_gives_the_twelve_month_ends_of_2024():
    assert occasions("monthly", D(2024, 1, 31), D(2024, 12, 31)) == [
        D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30),
        D(2024, 7, 31), D(2024, 8, 31), D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 30), D(2024, 12, 31)]


def test_a_month_end_series_stays_at_month_end_after_february():
    assert occasions("monthly", D(2023, 2, 28), D(2023, 5, 31)) == [
        D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30), D(2023, 5, 31)]


def test_a_mid_month_day_is_kept_and_clamped_only_where_the_month_is_shorter():
    assert occasions("monthly", D(2024, 1, 30), D(2024, 4, 30)) == [
        D(2024, 1, 30), D(2024, 2, 29), D(2024, 3, 30), D(2024, 4, 30)]


def test_the_end_date_is_inclusive():
    assert occasions("monthly", D(2024, 1, 15), D(2024, 3, 15)) == [D(2024, 1, 15), D(2024, 2, 15), D(2024, 3, 15)]
    assert occasions("monthly", D(2024, 1, 15), D(2024, 3, 14)) == [D(2024, 1, 15), D(2024, 2, 15)]


def test_tertial_occasions_are_30_april_31_august_and_31_december():
    assert occasions("tertial", D(2024, 1, 1), D(2024, 12, 31)) == [D(2024, 4, 30), D(2024, 8, 31), D(2024, 12, 31)]
    assert occasions("tertial", D(2024, 5, 1), D(2024, 12, 31)) == [D(2024, 8, 31), D(2024, 12, 31)]
    assert occasions("tertial", D(2024, 1, 1), D(2024, 8, 31)) == [D(2024, 4, 30), D(2024, 8, 31)]


def test_quarterly_occasions_follow_the_start_every_three_months():
    assert occasions("quarterly", D(2024, 3, 31), D(2024, 12, 31)) == [
        D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]


def test_yearly_from_29_february_falls_on_28_february_in_other_years():
    assert occasions("yearly", D(2024, 2, 29), D(2028, 12, 31)) == [
        D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]


def test_once_is_the_start_date_and_the_end_defaults_to_31_december():
    assert occasions("once", D(2024, 10, 1)) == [D(2024, 10, 1)]
    assert occasions("monthly", D(2024, 11, 30)) == [D(2024, 11, 30), D(2024, 12, 31)]


def test_an_end_before_the_start_is_refused():
    with pytest.raises(RecurrenceError) as err:
        occasions("monthly", D(2024, 3, 1), D(2024, 2, 1))
    assert (err.value.field, str(err.value.message)) == ("end", "Slutdatum kan inte ligga före startdatum.")


def test_an_unknown_frequency_is_refused():
    with pytest.raises(RecurrenceError) as err:
        occasions("weekly", D(2024, 3, 1), D(2024, 4, 1))
    assert (err.value.field, str(err.value.message)) == ("frequency", "Okänd frekvens: weekly.")


def test_a_frequency_change_keeps_results_and_the_past_and_regenerates_the_future():
    existing = {day: False for day in occasions("monthly", D(2024, 1, 31), D(2024, 12, 31))}
    existing[D(2024, 1, 31)] = True
    existing[D(2024, 5, 31)] = True  # recorded early, kept although it lies ahead
    change = plan_regeneration(existing, "tertial", D(2024, 1, 31), D(2024, 12, 31), today=D(2024, 4, 15))
    assert change.keep == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31),
                           D(2024, 8, 31), D(2024, 12, 31)]
    assert change.delete == [D(2024, 6, 30), D(2024, 7, 31), D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 30)]
    assert change.create == []


def test_copying_to_the_next_year_keeps_month_ends():
    assert shift_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert shift_years(D(2023, 2, 28), 1) == D(2024, 2, 29)
    assert shift_years(D(2024, 4, 30), 1) == D(2025, 4, 30)
    assert shift_years(D(2024, 1, 15), 1) == D(2025, 1, 15)

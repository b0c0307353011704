"""Outcome entry rules: by sex, locked periods, future dates, permissions, no-op saves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup import actions
from verksam.followup.models import Outcome, PeriodKind, PeriodStatus


@pytest.fixture
def periods(city):
    return {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}


@pytest.mark.django_db
def test_it_creates_the_three_periods_per_their_dates(city, periods):
    assert [(p.kind, p.as_of) for p in periods.values()] == [
        ("T1", dt.date(2024, 4, 30)), ("T2", dt.date(2024, 8, 31)), ("VB", dt.date(2024, 12, 31))]
    assert actions.ensure_periods(city.municipality, 2024) == list(periods.values())


@pytest.mark.django_db
def test_an_editor_enters_an_outcome_with_forecast_and_it_is_dated_by_the_period(city, periods):
    outcome = actions.enter_outcome(city.sick_leave, city.ks, periods[PeriodKind.T1], value=Decimal("4.8"),
                                    value_women=Decimal("5.6"), value_men=Decimal("3.7"), forecast=Decimal("4.6"),
                                    acting_user=city.users.ks_editor)
    outcome.refresh_from_db()
    # sjukfrånvaro is a rate: the total is not the sum of kvinnor and män
    assert (outcome.value, outcome.value_women, outcome.value_men, outcome.forecast) == (
        Decimal("4.8"), Decimal("5.6"), Decimal("3.7"), Decimal("4.6"))
    assert outcome.as_of == dt.date(2024, 4, 30) and outcome.entered_by == city.users.ks_editor


@pytest.mark.django_db
def test_an_additive_total_is_the_sum_of_women_and_men_unless_a_reason_is_given(city, periods):
    city.safety.additive = True
    city.safety.by_sex = True
    city.safety.unit_of_measure = "antal"  # an additive total is a count (a % level would refuse 250)
    city.safety.save()
    outcome = actions.enter_outcome(city.safety, city.ks, periods["T1"], value_women=Decimal("140"),
                                    value_men=Decimal("110"), acting_user=city.users.ks_editor)
    assert outcome.value == Decimal("250")
    with pytest.raises(DomainError) as err:
        actions.enter_outcome(city.safety, city.ks, periods["T2"], value=Decimal("260"), value_women=Decimal("140"),
                              value_men=Decimal("110"), acting_user=city.users.ks_editor)
    assert err.value.field == "value" and "summan av kvinnor och män (250)" in err.value.message
    kept = actions.enter_outcome(city.safety, city.ks, periods["T2"], value=Decimal("260"), value_women=Decimal("140"),
                                 value_men=Decimal("110"), total_reason="10 personer med okänt kön",
                                 acting_user=city.users.ks_editor)
    assert kept.value == Decimal("260")


@pytest.mark.django_db
def test_a_locked_period_takes_only_a_correction_with_a_reason_from_a_controller(city, periods):
    t1 = periods["T1"]
    actions.enter_outcome(city.sick_leave, city.ks, t1, value=Decimal("4.8"), acting_user=city.users.ks_editor)
    t1.status = PeriodStatus.LOCKED
    t1.save()
    with pytest.raises(actions.PeriodLockedError) as err:
        actions.enter_outcome(city.sick_leave, city.ks, t1, value=Decimal("4.9"), acting_user=city.users.ks_controller)
    assert err.value.field == "correction_reason"
    with pytest.raises(NotAllowedError):
        actions.enter_outcome(city.sick_leave, city.ks, t1, value=Decimal("4.9"), correction_reason="Felräknat",
                              acting_user=city.users.ks_editor)
    outcome = actions.enter_outcome(city.sick_leave, city.ks, t1, value=Decimal("4.9"), correction_reason="Felräknat",
                                    acting_user=city.users.ks_controller)
    assert outcome.value == Decimal("4.9") and outcome.history.first().history_change_reason == "Felräknat"


@pytest.mark.django_db
def test_forecasts_only_in_tertial_reports_and_no_future_dates(city, periods):
    with pytest.raises(DomainError) as err:
        actions.enter_outcome(city.sick_leave, city.ks, periods["VB"], forecast=Decimal("4"),
                              acting_user=city.users.ks_editor)
    assert err.value.field == "forecast"
    with pytest.raises(DomainError) as err:
        actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4"),
                              as_of=dt.date.today() + dt.timedelta(days=2), acting_user=city.users.ks_editor)
    assert err.value.field == "as_of"
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_another_boards_editor_and_readers_cannot_enter(city, periods):
    for user in (city.users.utb_editor, city.users.ks_reader, city.users.ks_politician):
        with pytest.raises(NotAllowedError):
            actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4"), acting_user=user)
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_bulk_entry_is_all_or_nothing_and_counts_changes(city, periods):
    t1 = periods["T1"]
    entries = [actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("4.8")}),
               actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal("78")})]
    assert actions.enter_outcomes(entries, acting_user=city.users.ks_editor) == actions.BulkResult(2, 0, 0)
    again = [actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("4.8")}),
             actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal("79")})]
    assert actions.enter_outcomes(again, acting_user=city.users.ks_editor) == actions.BulkResult(0, 1, 1)
    bad = [actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("1")}),
           actions.OutcomeInput(city.safety, city.ks, t1, {"value": "abc"})]
    with pytest.raises(DomainError) as err:
        actions.enter_outcomes(bad, acting_user=city.users.ks_editor)
    assert err.value.index == 1
    assert Outcome.objects.get(indicator=city.sick_leave).value == Decimal("4.8")


@pytest.mark.django_db
@pytest.mark.parametrize("field, value, shown", [
    ("value", Decimal("-5"), "\u22125"),
    ("forecast", Decimal("1234567"), "1\u00a0234\u00a0567"),
    ("value_women", Decimal("100.5"), "100,5"),
])
def test_an_implausible_percentage_is_refused_at_its_field_and_nothing_is_written(city, periods, field, value, shown):
    """Sjukfrånvaro is a share in %: 0–100 (planning.plausibility, the rule set_target uses too)."""
    with pytest.raises(DomainError) as err:
        actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], acting_user=city.users.ks_editor,
                              **{"value": Decimal("4.8"), field: value})
    assert err.value.field == field
    assert err.value.message == f"En andel i procent ska ligga mellan 0 och 100 % (angivet: {shown} %)."
    assert not Outcome.objects.filter(indicator=city.sick_leave).exists()
    edge = actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("100"),
                                 acting_user=city.users.ks_editor)
    assert edge.value == Decimal("100")

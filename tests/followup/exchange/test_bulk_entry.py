"""enter_outcomes_bulk: the rules of enter_outcomes, every refusal collected, history rows with
the acting user, counts as enter_outcomes counts them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.core.errors import NotAllowedError
from verksam.followup import actions
from verksam.followup.models import Outcome, PeriodStatus


def _entries(city, t1, safety_value="78"):
    return [actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("4.8")}),
            actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal(safety_value)})]


@pytest.mark.django_db
def test_it_creates_changes_and_counts_like_enter_outcomes(city, periods):
    t1 = periods["T1"]
    user = city.users.ks_editor
    assert actions.enter_outcomes_bulk(_entries(city, t1), acting_user=user) == actions.BulkResult(2, 0, 0)
    assert actions.enter_outcomes_bulk(_entries(city, t1, "79"), acting_user=user) == actions.BulkResult(0, 1, 1)
    safety = Outcome.objects.get(indicator=city.safety)
    assert (safety.value, safety.lock_version, safety.entered_by) == (Decimal("79"), 1, user)
    assert [(h.history_type, h.value, h.history_user) for h in safety.history.order_by("history_id")] == [
        ("+", Decimal("78"), user), ("~", Decimal("79"), user)]
    # another user saving the same values changes nothing: entered_by/entered_at stay, no history row
    assert actions.enter_outcomes_bulk(_entries(city, t1, "79"), acting_user=city.users.ks_controller) == \
        actions.BulkResult(0, 0, 2)
    assert actions.enter_outcomes(_entries(city, t1, "79"), acting_user=city.users.ks_controller) == \
        actions.BulkResult(0, 0, 2)
    stored = Outcome.objects.get(indicator=city.safety)
    assert (stored.entered_by, stored.entered_at, stored.history.count()) == (user, safety.entered_at, 2)


@pytest.mark.django_db
def test_it_collects_every_refusal_and_writes_nothing(city, periods):
    t1 = periods["T1"]
    t1.status = PeriodStatus.LOCKED
    t1.save()
    entries = [actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("4.8")}),
               actions.OutcomeInput(city.safety, city.utn, periods["T2"], {"value": Decimal("1")}),
               actions.OutcomeInput(city.safety, city.ks, periods["VB"], {"forecast": Decimal("1")}),
               actions.OutcomeInput(city.safety, city.ks, periods["VB"], {"value": Decimal("1")})]
    with pytest.raises(actions.BulkEntryError) as refused:
        actions.enter_outcomes_bulk(entries, acting_user=city.users.ks_editor)
    errors = refused.value.errors
    assert [(i, type(e).__name__, e.field) for i, e in errors] == [
        (0, "PeriodLockedError", "correction_reason"), (1, "NotAllowedError", None), (2, "DomainError", "forecast"),
        (3, "DomainError", None)]
    assert str(errors[3][1].message) == "Samma indikator, enhet och period finns redan i en tidigare post."
    assert str(refused.value.message) == "4 poster kunde inte sparas."
    assert not Outcome.objects.exists() and not Outcome.history.exists()
    assert isinstance(errors[1][1], NotAllowedError)


@pytest.mark.django_db
def test_a_dry_run_counts_without_writing(city, periods):
    result = actions.enter_outcomes_bulk(_entries(city, periods["T1"]), acting_user=city.users.ks_editor,
                                         dry_run=True)
    assert result == actions.BulkResult(2, 0, 0) and not Outcome.objects.exists()


@pytest.mark.django_db
def test_a_correction_reason_lands_in_the_history(city, periods):
    t1 = periods["T1"]
    actions.enter_outcomes_bulk(_entries(city, t1), acting_user=city.users.ks_editor)
    t1.status = PeriodStatus.CLOSED
    t1.save()
    entry = actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal("80")}, correction_reason="Fel i enkäten")
    assert actions.enter_outcomes_bulk([entry], acting_user=city.users.ks_controller) == actions.BulkResult(0, 1, 0)
    safety = Outcome.objects.get(indicator=city.safety)
    assert safety.correction_reason == "Fel i enkäten"
    assert safety.history.first().history_change_reason == "Fel i enkäten"

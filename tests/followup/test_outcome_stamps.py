"""Who entered an outcome and when (entered_at/entered_by), the example flag set by the actions,
and the history rows of ensure_periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from verksam.followup import actions
from verksam.followup.models import Outcome, Period, PeriodKind


@pytest.fixture
def periods(city):
    return {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}


def _later(monkeypatch, minutes: int) -> dt.datetime:
    """Move ``timezone.now`` used by the actions ``minutes`` ahead; returns that moment."""
    moment = timezone.now() + dt.timedelta(minutes=minutes)
    monkeypatch.setattr("verksam.followup.actions.timezone.now", lambda: moment)
    return moment


@pytest.mark.django_db
def test_entered_at_and_by_follow_every_change_and_stay_on_a_no_op_save(city, periods, monkeypatch):
    t1, editor, controller = periods[PeriodKind.T1], city.users.ks_editor, city.users.ks_controller
    first = actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("78"), acting_user=editor)
    created_at = Outcome.objects.get(pk=first.pk).entered_at

    later = _later(monkeypatch, 30)
    actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("79"), acting_user=controller)
    changed = Outcome.objects.get(pk=first.pk)
    assert (changed.value, changed.entered_by, changed.entered_at) == (Decimal("79"), controller, later)
    assert changed.entered_at > created_at
    assert [(h.value, h.entered_by_id, h.entered_at) for h in changed.history.order_by("history_id")] == [
        (Decimal("78"), editor.pk, created_at), (Decimal("79"), controller.pk, later)]

    _later(monkeypatch, 60)  # the same value by another user: nothing changes, nothing recorded
    actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("79"), acting_user=editor)
    same = Outcome.objects.get(pk=first.pk)
    assert (same.entered_by, same.entered_at, same.lock_version, same.history.count()) == (controller, later, 1, 2)


@pytest.mark.django_db
def test_the_bulk_path_stamps_changed_outcomes_only(city, periods, monkeypatch):
    t1, editor, controller = periods[PeriodKind.T1], city.users.ks_editor, city.users.ks_controller
    actions.enter_outcomes_bulk([actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal("78")}),
                                 actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("4.8")})],
                                acting_user=editor)
    sick_before = Outcome.objects.get(indicator=city.sick_leave).entered_at
    later = _later(monkeypatch, 30)
    result = actions.enter_outcomes_bulk(
        [actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal("80")}),
         actions.OutcomeInput(city.sick_leave, city.ks, t1, {"value": Decimal("4.8")})], acting_user=controller)
    assert result == actions.BulkResult(0, 1, 1)
    safety, sick = Outcome.objects.get(indicator=city.safety), Outcome.objects.get(indicator=city.sick_leave)
    assert (safety.entered_by, safety.entered_at) == (controller, later)
    assert (sick.entered_by, sick.entered_at) == (editor, sick_before)
    assert [(h.history_type, h.entered_by_id, h.entered_at) for h in safety.history.order_by("history_id")][1] == \
        ("~", controller.pk, later)


@pytest.mark.django_db
def test_the_actions_set_the_example_flag_in_the_same_write(city, periods):
    t1, editor = periods[PeriodKind.T1], city.users.ks_editor
    actions.enter_outcomes([actions.OutcomeInput(city.safety, city.ks, t1, {"value": Decimal("78")},
                                                 is_example=True)], acting_user=editor)
    outcome = Outcome.objects.get(indicator=city.safety)
    assert [(h.history_type, h.is_example) for h in outcome.history.all()] == [("+", True)]
    # None (a person's entry): an unchanged example stays one and records nothing; a changed
    # value is real data; True keeps it an example (the demo run again)
    actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("78"), acting_user=editor)
    assert Outcome.objects.get(pk=outcome.pk).is_example is True
    actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("79"), acting_user=editor)
    assert Outcome.objects.get(pk=outcome.pk).is_example is False
    actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("80"), is_example=True, acting_user=editor)
    actions.enter_outcome(city.safety, city.ks, t1, value=Decimal("80"), is_example=False, acting_user=editor)
    assert [(h.value, h.is_example) for h in outcome.history.order_by("history_id")] == [
        (Decimal("78"), True), (Decimal("79"), False), (Decimal("80"), True), (Decimal("80"), False)]
    # a new outcome without the flag is real data
    plain = actions.enter_outcome(city.sick_leave, city.ks, t1, value=Decimal("4.8"), acting_user=editor)
    assert Outcome.objects.get(pk=plain.pk).is_example is False


@pytest.mark.django_db
def test_ensure_periods_records_the_acting_user_once(city):
    admin = city.users.admin
    created = actions.ensure_periods(city.municipality, 2025, acting_user=admin)
    assert [(h.kind, h.history_type, h.history_user) for p in created for h in p.history.all()] == [
        ("T1", "+", admin), ("T2", "+", admin), ("VB", "+", admin)]
    again = actions.ensure_periods(city.municipality, 2025, acting_user=city.users.ks_editor)
    assert again == created
    assert Period.history.filter(year=2025).count() == 3

"""Shared pieces of the entry-page and periods-page tests: the periods of 2024, URLs, an earlier
year's plan with outcomes (for previous values and trends) and a snapshot of every follow-up row
a request could change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from verksam.followup import actions
from verksam.followup.models import Outcome, Period, PeriodDeadline
from verksam.planning.models import Direction, Indicator, Plan, PlanKind, PlanStatus


@pytest.fixture
def periods(city):
    """T1, T2 and VB 2024 of the city, by kind."""
    return {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}


def entry_url(unit, kind: str = "t1", year: int = 2024) -> str:
    """The entry page of ``unit`` in period ``kind`` of ``year``."""
    return reverse("followup:entry", args=[year, kind, unit.pk])


def set_period_status(period: Period, status: str) -> None:
    """Put ``period`` in ``status`` directly (test set-up, bypasses the action)."""
    Period.objects.filter(pk=period.pk).update(status=status)
    period.refresh_from_db()


def sick_leave_row(city, **overrides) -> dict:
    """POST data of the sjukfrånvaro row (prefix ``i<id>``): 4,8 (kvinnor 5,6, män 3,7), prognos 4,6."""
    prefix = f"i{city.sick_leave.pk}"
    data = {"value": "4,8", "value_women": "5,6", "value_men": "3,7", "forecast": "4,6", "comment": "",
            "lock_version": ""}
    data.update(overrides)
    return {f"{prefix}-{name}": value for name, value in data.items()}


def safety_row(city, **overrides) -> dict:
    """POST data of the trygghet row: 78 %, no forecast."""
    prefix = f"i{city.safety.pk}"
    data = {"value": "78", "forecast": "", "comment": "", "lock_version": ""}
    data.update(overrides)
    return {f"{prefix}-{name}": value for name, value in data.items()}


def earlier_year(city, year: int, *, vb_value: str, t1_value: str | None = None) -> Indicator:
    """KS's plan of ``year`` (decided) with its own sjukfrånvaro indicator (same Kolada KPI) and a
    VB outcome ``vb_value`` (and a T1 outcome when given); returns that indicator."""
    plan = Plan.objects.create(unit=city.ks, year=year, kind=PlanKind.OPERATIONAL_PLAN,
                               title=f"Verksamhetsplan {year} för kommunstyrelsen", status=PlanStatus.DECIDED,
                               decided_on=dt.date(year - 1, 12, 1), decided_by=city.ks)
    indicator = Indicator(plan=plan, name="Sjukfrånvaro bland medarbetare", unit_of_measure="%",
                          direction=Direction.LOWER, by_sex=True, kolada_kpi="N00090", responsible_unit=city.ks)
    indicator._allow_decided_change = True
    indicator.save()
    kinds = {p.kind: p for p in actions.ensure_periods(city.municipality, year)}
    if t1_value is not None:
        actions.enter_outcome(indicator, city.ks, kinds["T1"], value=Decimal(t1_value), acting_user=city.users.admin)
    actions.enter_outcome(indicator, city.ks, kinds["VB"], value=Decimal(vb_value), acting_user=city.users.admin)
    return indicator


def followup_state() -> tuple:
    """Everything the follow-up endpoints could change: outcomes (id, version, values, reason),
    periods (id, status, version) and deadlines (period, kind, due)."""
    return (
        tuple(Outcome.objects.order_by("pk").values_list("pk", "lock_version", "value", "value_women", "value_men",
                                                         "forecast", "correction_reason")),
        tuple(Period.objects.order_by("pk").values_list("pk", "status", "lock_version")),
        tuple(PeriodDeadline.objects.order_by("pk").values_list("period_id", "unit_kind", "due")),
    )

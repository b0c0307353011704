"""Helpers of the internkontrollplan page tests: URLs, results with deviations, a fixed today."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from verksam.control import actions
from verksam.control.models import ControlMethod, ResultOutcome

D = dt.date


def plan_url(unit, year: int = 2024) -> str:
    return reverse("control_plan:plan", args=[unit.pk, year])


def deviations_url(unit, year: int = 2024) -> str:
    return reverse("control_plan:deviations", args=[unit.pk, year])


def occasion_url(occasion, year: int = 2024) -> str:
    return reverse("control_plan:occasion", args=[occasion.control.control_plan.unit_id, year, occasion.pk])


def control_url(name: str, control, year: int = 2024) -> str:
    return reverse(f"control_plan:{name}", args=[control.control_plan.unit_id, year, control.pk])


def deviation_url(name: str, deviation, unit, year: int = 2024) -> str:
    return reverse(f"control_plan:{name}", args=[unit.pk, year, deviation.pk])


def occasions(control) -> list:
    return list(control.occasions.order_by("due"))


def fix_today(monkeypatch, day: dt.date) -> None:
    """Make ``timezone.localdate()`` answer ``day`` (pages and actions alike)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def deviation_on(occasion, user, *, finding="Attest saknades på 3 av 20 fakturor", due=None, **values):
    """Record avvikelse on ``occasion`` and open its deviation; returns the deviation."""
    result = actions.record_result(occasion, acting_user=user, outcome=ResultOutcome.DEVIATION, finding=finding)
    return actions.open_deviation(result, acting_user=user, finding=finding,
                                  actions=values.get("actions", "Påminnelse till attestanterna"),
                                  responsible=values.get("responsible", "Ekonomichef"), due=due)


def monthly_control(control_plan, user, **values):
    values = {"title": "Avstämning av leverantörsreskontra", "method": ControlMethod.RECONCILIATION,
              "frequency": "monthly", "start": D(control_plan.year, 1, 31), "end": D(control_plan.year, 12, 31),
              "responsible": "Ekonomichef", "reported_in": "VB", **values}
    return actions.create_control(control_plan, acting_user=user, **values)


def control_post(control=None, **overrides) -> dict:
    """A valid POST of the control form (the stored values of ``control`` when given)."""
    data = {"risk": "", "title": "Stickprov på attester", "description": "", "method": "sample",
            "frequency": "tertial", "start": "2024-01-01", "end": "2024-12-31", "responsible": "Controller",
            "reported_in": "T2"}
    if control is not None:
        data.update({"risk": control.risk_id or "", "title": control.title, "description": control.description,
                     "method": control.method, "frequency": control.frequency, "start": control.start.isoformat(),
                     "end": control.end.isoformat(), "responsible": control.responsible,
                     "reported_in": control.reported_in, "lock_version": control.lock_version, "reason": ""})
    data.update(overrides)
    return data
